package dev.mta.smtpd.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHashTest {

    /** Small but valid cost, so each hash takes milliseconds. */
    private static final Argon2Cost CHEAP = new Argon2Cost(64, 1, 1);
    private final PasswordHasher hasher = new PasswordHasher(CHEAP, new SecureRandom());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            argon2-cffi           | {ARGON2ID}$argon2id$v=19$m=64,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA                    | correct horse
            argon2-cffi, 2 lanes  | {ARGON2ID}$argon2id$v=19$m=32,t=1,p=2$zW6pFCUUF7Z2yt0DsxMDRw$mrlZFfwKAZ/8Qm5x90c/9Q                    | pässwörd ☃
            python bcrypt 2b      | {BLF-CRYPT}$2b$04$Azx.oYckMzyPR804p36ml.QAr7XICOCLChpIjrCjItdwONY3md3YO                                | correct horse
            python bcrypt unicode | {BLF-CRYPT}$2b$05$/N01t20YNB625WB6L7TFSe83/UAopyLvzxfVxsa2X2nOr5JiXn2zu                                | pässwörd ☃
            htpasswd 2y           | {BLF-CRYPT}$2y$04$vMlEDPAtZZnTJEMXnP.IZulLKGwTdx9w2HJGxZc7//ZXwxGCXynEO                                | correct horse
            scheme in lower case  | {argon2id}$argon2id$v=19$m=64,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA                    | correct horse
            """)
    void fixedVectorsFromOtherImplementationsVerify(String source, String field, String password) throws Exception {
        StoredPassword stored = StoredPassword.parse(field);
        assertTrue(hasher.verify(password, stored), source + ": right password");
        assertFalse(hasher.verify(password + "x", stored), source + ": wrong password");
        assertFalse(hasher.verify(password.substring(1), stored), source + ": wrong password");
        assertFalse(hasher.verify("", stored), source + ": empty password");
    }

    @Test
    void bcryptVariants2aAnd2yAnd2bAreTheSameForAsciiPasswords() throws Exception {
        String body = Vectors.BCRYPT_PYTHON.substring(3);
        for (String variant : new String[] {"$2a", "$2y", "$2b"}) {
            assertTrue(hasher.verify(Vectors.PASSWORD, BcryptHash.parse(variant + body)), variant);
        }
    }

    @Test
    void newHashesAreArgon2idPhcStringsThatVerifyAndUseFreshSalts() throws Exception {
        Argon2idHash first = hasher.hash("s3cret pässword");
        Argon2idHash second = hasher.hash("s3cret pässword");
        assertTrue(first.phc().startsWith("$argon2id$v=19$m=64,t=1,p=1$"), first.phc());
        assertEquals(first, Argon2idHash.parse(first.phc()));
        assertEquals(first, StoredPassword.parse(first.usersFileForm()));
        assertTrue(hasher.verify("s3cret pässword", StoredPassword.parse(first.usersFileForm())));
        assertFalse(hasher.verify("s3cret password", first));
        assertNotEquals(first, second, "a fresh salt for every hash");
    }

    @Test
    void defaultCostIsAtLeastOwaspMinimum() {
        Argon2Cost cost = new PasswordHasher().dummy() instanceof Argon2idHash dummy ? dummy.cost() : null;
        assertEquals(Argon2Cost.DEFAULT, cost);
        assertTrue(Argon2Cost.DEFAULT.memoryKib() >= 19456 && Argon2Cost.DEFAULT.iterations() >= 2);
    }

    @Test
    void dummyMatchesNoPasswordAndHasTheHashersCost() {
        StoredPassword dummy = hasher.dummy();
        Argon2idHash argon2 = assertInstanceOf(Argon2idHash.class, dummy);
        assertEquals(CHEAP, argon2.cost());
        assertFalse(hasher.verify("", dummy));
        assertFalse(hasher.verify(Vectors.PASSWORD, dummy));
    }

    @Test
    void textFormsNeverShowSaltOrHash() throws Exception {
        StoredPassword argon2 = StoredPassword.parse("{ARGON2ID}" + Vectors.ARGON2_CFFI);
        StoredPassword bcrypt = StoredPassword.parse("{BLF-CRYPT}" + Vectors.BCRYPT_PYTHON);
        assertEquals("Argon2id(m=64,t=2,p=1)", argon2.toString());
        assertEquals("bcrypt(cost=4)", bcrypt.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no scheme                 | $argon2id$v=19$m=64,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | no {SCHEME} prefix
            plaintext                 | secret                                                                   | plaintext passwords are refused
            PLAIN scheme              | {PLAIN}secret                                                            | plaintext password scheme {PLAIN} is refused
            CLEARTEXT scheme          | {cleartext}secret                                                        | plaintext password scheme {cleartext} is refused
            unknown scheme            | {SHA512-CRYPT}$6$abc$def                                                 | unknown password scheme {SHA512-CRYPT}
            unclosed scheme           | {ARGON2ID$argon2id$v=19                                                  | malformed {SCHEME} prefix
            empty scheme              | {}abc                                                                    | malformed {SCHEME} prefix
            empty                     | ''                                                                       | the password field is empty
            argon2i, not argon2id     | {ARGON2ID}$argon2i$v=19$m=64,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | must start with $argon2id$
            old version               | {ARGON2ID}$argon2id$v=16$m=64,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | only Argon2 version v=19
            no version                | {ARGON2ID}$argon2id$m=64,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | the form
            parameters out of order   | {ARGON2ID}$argon2id$v=19$t=2,m=64,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | in this order
            extra parameter           | {ARGON2ID}$argon2id$v=19$m=64,t=2,p=1,keyid=x$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | exactly m=M,t=T,p=P
            negative memory           | {ARGON2ID}$argon2id$v=19$m=-64,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | not a decimal number
            leading zero              | {ARGON2ID}$argon2id$v=19$m=064,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | not a decimal number
            huge number               | {ARGON2ID}$argon2id$v=19$m=99999999999999999999,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | not a decimal number
            hostile memory 4 GiB      | {ARGON2ID}$argon2id$v=19$m=4194304,t=1,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | memory m=4194304 KiB is outside
            hostile passes            | {ARGON2ID}$argon2id$v=19$m=64,t=1000000,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | passes t=1000000 is outside
            hostile lanes             | {ARGON2ID}$argon2id$v=19$m=8192,t=1,p=255$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | parallelism p=255 is outside
            hostile memory times t    | {ARGON2ID}$argon2id$v=19$m=262144,t=10,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | cost m*t=2621440 is above
            zero passes               | {ARGON2ID}$argon2id$v=19$m=64,t=0,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | passes t=0 is outside
            memory below 8 per lane   | {ARGON2ID}$argon2id$v=19$m=8,t=1,p=2$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | memory m=8 KiB is outside
            padded base64             | {ARGON2ID}$argon2id$v=19$m=64,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg==$FRi57vuJ+G2peaC1IXw/jA | salt is not unpadded base64
            short salt                | {ARGON2ID}$argon2id$v=19$m=64,t=2,p=1$c2FsdA$FRi57vuJ+G2peaC1IXw/jA      | salt must be 8 to 64 octets
            short hash                | {ARGON2ID}$argon2id$v=19$m=64,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ     | hash must be 16 to 64 octets
            missing hash              | {ARGON2ID}$argon2id$v=19$m=64,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg              | the form
            bcrypt 2x variant         | {BLF-CRYPT}$2x$04$Azx.oYckMzyPR804p36ml.QAr7XICOCLChpIjrCjItdwONY3md3YO   | must start with $2a$, $2b$ or $2y$
            bcrypt hostile cost       | {BLF-CRYPT}$2b$31$Azx.oYckMzyPR804p36ml.QAr7XICOCLChpIjrCjItdwONY3md3YO   | bcrypt cost 31 is outside 4 to 14
            bcrypt cost too low       | {BLF-CRYPT}$2b$03$Azx.oYckMzyPR804p36ml.QAr7XICOCLChpIjrCjItdwONY3md3YO   | bcrypt cost 3 is outside
            bcrypt truncated          | {BLF-CRYPT}$2b$04$Azx.oYckMzyPR804p36ml.QAr7XICOCLChpIjrCjItdwONY3md3Y    | 53 characters
            bcrypt bad alphabet       | {BLF-CRYPT}$2b$04$Azx+oYckMzyPR804p36ml.QAr7XICOCLChpIjrCjItdwONY3md3YO   | outside its base64 alphabet
            """)
    void badOrHostileStoredPasswordsAreRefusedWithoutQuotingTheHash(String name, String field, String expected) {
        InvalidHashException e = assertThrows(InvalidHashException.class, () -> StoredPassword.parse(field));
        assertTrue(e.getMessage().contains(expected), name + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("ndaSNHVb9d4") || e.getMessage().contains("Azx")
                || e.getMessage().contains("secret"), name + " leaks the hash: " + e.getMessage());
    }

    @Test
    void externalArgon2CffiHashVerifies() throws Exception {
        String phc = ExternalTool.run("python3-argon2", ExternalTool.python(), "-c",
                "import sys; from argon2 import PasswordHasher; "
                        + "print(PasswordHasher(time_cost=2, memory_cost=128, parallelism=2, hash_len=32)"
                        + ".hash('p\\u00e4ss: w\\u00f6rd'))");
        StoredPassword stored = StoredPassword.parse("{ARGON2ID}" + phc);
        assertTrue(hasher.verify("päss: wörd", stored), phc);
        assertFalse(hasher.verify("pass: word", stored), phc);
    }

    @Test
    void ourHashVerifiesWithArgon2Cffi() {
        Argon2idHash ours = hasher.hash("päss: wörd");
        String answer = ExternalTool.run("python3-argon2", ExternalTool.python(), "-c",
                "import sys; from argon2 import PasswordHasher; "
                        + "print(PasswordHasher().verify(sys.argv[1], 'p\\u00e4ss: w\\u00f6rd'))", ours.phc());
        assertEquals("True", answer);
    }

    @Test
    void externalPythonBcryptHashVerifies() throws Exception {
        String hash = ExternalTool.run("python3-bcrypt", ExternalTool.python(), "-c",
                "import bcrypt; print(bcrypt.hashpw('p\\u00e4ss: w\\u00f6rd'.encode(), bcrypt.gensalt(rounds=4))"
                        + ".decode())");
        StoredPassword stored = StoredPassword.parse("{BLF-CRYPT}" + hash);
        assertTrue(hasher.verify("päss: wörd", stored), hash);
        assertFalse(hasher.verify("päss: wörd ", stored), hash);
    }

    @Test
    void externalHtpasswdBcryptHashVerifies() throws Exception {
        String line = ExternalTool.run("apache2-utils", "htpasswd", "-nbBC", "4", "alice", "correct horse");
        String hash = line.substring(line.indexOf(':') + 1);
        StoredPassword stored = StoredPassword.parse("{BLF-CRYPT}" + hash);
        assertTrue(hasher.verify("correct horse", stored), hash);
        assertFalse(hasher.verify("correct horsE", stored), hash);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 14})
    void bcryptCostBoundsAreInclusive(int cost) throws Exception {
        String body = Vectors.BCRYPT_PYTHON.substring(6);
        assertEquals(cost, BcryptHash.parse(String.format("$2b$%02d", cost) + body).cost());
    }
}
