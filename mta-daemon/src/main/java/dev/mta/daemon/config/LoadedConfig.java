package dev.mta.daemon.config;

import java.util.List;
import java.util.Objects;

/**
 * A configuration that bound without errors, with what it looks like key by key.
 *
 * @param config    the bound configuration
 * @param effective every key in effect, in the order of the reference file, defaults included
 */
public record LoadedConfig(MtaConfig config, List<EffectiveSetting> effective) {

    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        effective = List.copyOf(effective);
    }
}
