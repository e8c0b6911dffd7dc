package dev.mta.smtpd.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Random;

/**
 * Fuzz target for {@link DataDecoder} (SECURITY.md section 5): chunking independence (the input is cut at
 * fuzzer-chosen points), the end recognised only as CRLF.CRLF, nothing after it taken as content, no bare
 * CR or LF in accepted content, and a differential check against {@link DataReference}. {@code mvn verify}
 * replays {@code src/test/resources/dev/mta/smtpd/wire/DataDecoderFuzzTestInputs}; {@code JAZZER_FUZZ=1 mvn
 * -pl mta-smtpd test -Dtest=DataDecoderFuzzTest} fuzzes.
 */
class DataDecoderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void chunkingIndependence(FuzzedDataProvider data) {
        boolean normalize = data.consumeBoolean();
        int receivedLimit = data.consumeInt(1, 5);
        long seed = data.consumeLong();
        byte[] input = data.consumeRemainingAsBytes();
        DataPolicy policy = DataPolicy.DEFAULT.withNormalizeBareLineEnds(normalize).withReceivedLimit(receivedLimit)
                .withChunkOctets(7);
        DataDecoderTest.check(input, policy, new Random(seed));
    }
}
