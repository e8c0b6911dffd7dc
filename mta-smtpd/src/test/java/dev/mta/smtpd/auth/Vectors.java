package dev.mta.smtpd.auth;

/**
 * Hashes made by other implementations, copied here so interop is proven without the tools. Made with
 * argon2-cffi 21.1.0 ({@code python3 -c "from argon2 import PasswordHasher; ..."}), python bcrypt 3.2.2 and
 * htpasswd 2.4 ({@code htpasswd -nbBC 4}), Debian 12. Costs are small so the tests stay fast.
 */
final class Vectors {

    static final String PASSWORD = "correct horse";
    static final String UNICODE_PASSWORD = "pässwörd ☃";

    /** argon2-cffi, m=64, t=2, p=1, password {@link #PASSWORD}. */
    static final String ARGON2_CFFI = "$argon2id$v=19$m=64,t=2,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA";
    /** argon2-cffi, m=32, t=1, p=2 (two lanes), password {@link #UNICODE_PASSWORD}. */
    static final String ARGON2_CFFI_UNICODE =
            "$argon2id$v=19$m=32,t=1,p=2$zW6pFCUUF7Z2yt0DsxMDRw$mrlZFfwKAZ/8Qm5x90c/9Q";
    /** python bcrypt, $2b$, cost 4, password {@link #PASSWORD}. */
    static final String BCRYPT_PYTHON = "$2b$04$Azx.oYckMzyPR804p36ml.QAr7XICOCLChpIjrCjItdwONY3md3YO";
    /** python bcrypt, $2b$, cost 5, password {@link #UNICODE_PASSWORD}. */
    static final String BCRYPT_PYTHON_UNICODE = "$2b$05$/N01t20YNB625WB6L7TFSe83/UAopyLvzxfVxsa2X2nOr5JiXn2zu";
    /** htpasswd -nbBC 4, $2y$, password {@link #PASSWORD}. */
    static final String BCRYPT_HTPASSWD = "$2y$04$vMlEDPAtZZnTJEMXnP.IZulLKGwTdx9w2HJGxZc7//ZXwxGCXynEO";

    private Vectors() {
    }
}
