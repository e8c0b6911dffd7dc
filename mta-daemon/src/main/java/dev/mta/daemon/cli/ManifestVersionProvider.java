package dev.mta.daemon.cli;

import picocli.CommandLine.IVersionProvider;

/** The version written into the mta-daemon jar's manifest ({@code Implementation-Version}) at build time. */
public final class ManifestVersionProvider implements IVersionProvider {

    /** The mta version, or "development build" when running from classes that are not in a built jar. */
    public static String version() {
        String version = ManifestVersionProvider.class.getPackage().getImplementationVersion();
        return version != null ? version : "development build";
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "mta " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                    + System.getProperty("java.vendor") + ")"
        };
    }
}
