package dev.mta.smtpd.wire.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.mta.core.address.ForwardPath;
import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.BodyType;
import dev.mta.core.sink.DsnNotify;
import dev.mta.core.sink.DsnReturn;
import dev.mta.core.sink.MailParameters;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandParserTest {

    private final CommandParser parser = new CommandParser();

    private Command parse(String line) {
        return parser.parse(line, ParseContext.ASCII);
    }

    /** Each line and the reply code and enhanced status it must get; "ok" for a parsed command of that type. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            EHLO c.test                                | Ehlo
            ehlo [192.0.2.1]                           | Ehlo
            HELO c.test                                | Helo
            EHLO                                       | 501 5.5.4
            EHLO a b                                   | 501 5.5.4
            DATA                                       | Data
            DATA x                                     | 501 5.5.4
            RSET                                       | Rset
            "RSET "                                    | Rset
            NOOP anything at all                       | Noop
            QUIT                                       | Quit
            QUIT now                                   | 501 5.5.4
            VRFY postmaster                            | Vrfy
            VRFY                                       | 501 5.5.4
            HELP                                       | Help
            HELP MAIL                                  | Help
            STARTTLS                                   | StartTls
            STARTTLS foo                               | 501 5.5.4
            AUTH PLAIN                                 | Auth
            AUTH plain AGFsaWNlAHNlY3JldA==            | Auth
            AUTH PLAIN =                               | Auth
            AUTH                                       | 501 5.5.4
            AUTH PLAIN a b                             | 501 5.5.4
            AUTH PL@IN                                 | 501 5.5.4
            AUTH PLAIN !!!                             | 501 5.5.2
            BDAT 0 LAST                                | Bdat
            BDAT 1000                                  | Bdat
            bdat 5 last                                | Bdat
            BDAT                                       | 501 5.5.4
            BDAT -1                                    | 501 5.5.4
            BDAT 99999999999999999999                  | 501 5.5.4
            BDAT 9223372036854775808                   | 501 5.5.4
            BDAT 5 FIRST                               | 501 5.5.4
            BDAT 5 LAST x                              | 501 5.5.4
            EXPN staff                                 | NotImplemented
            TURN                                       | NotImplemented
            GET / HTTP/1.1                             | HttpProbe
            CONNECT mail.example:25 HTTP/1.1           | HttpProbe
            POST /                                     | HttpProbe
            FOO                                        | Unknown
            MAILFROM:<a@b>                             | Unknown
            ""                                         | Unknown
            MAIL FROM:<a@b.test>                       | Mail
            mail from:<a@b.test>                       | Mail
            MAIL FROM: <a@b.test>                      | Mail
            MAIL FROM:<>                               | Mail
            MAIL FROM:  <a@b.test>                     | 501 5.1.7
            MAIL FROM:a@b.test                         | 501 5.1.7
            MAIL TO:<a@b.test>                         | 501 5.5.4
            MAIL                                       | 501 5.5.4
            MAIL FROM:<;sleep 66;>                     | 501 5.1.7
            MAIL FROM:<`id`@ours.test>                 | Mail
            MAIL FROM:<a@b;c>                          | 501 5.1.7
            MAIL FROM:<@>                              | 501 5.1.7
            MAIL FROM:<a@>                             | 501 5.1.7
            MAIL FROM:<a@b.test>x                      | 501 5.1.7
            MAIL FROM:<j\u00fcrg@b.test>               | 553 5.6.7
            MAIL FROM:<j\u00fcrg@b.test> SMTPUTF8      | Mail
            MAIL FROM:<a@b.test> SIZE=1000             | Mail
            MAIL FROM:<a@b.test> size=0                | Mail
            MAIL FROM:<a@b.test> SIZE=9223372036854775807 | Mail
            MAIL FROM:<a@b.test> SIZE=9223372036854775808 | 501 5.5.4
            MAIL FROM:<a@b.test> SIZE=-1               | 501 5.5.4
            MAIL FROM:<a@b.test> SIZE=1e3              | 501 5.5.4
            MAIL FROM:<a@b.test> SIZE                  | 501 5.5.4
            MAIL FROM:<a@b.test> SIZE=                 | 501 5.5.4
            MAIL FROM:<a@b.test> SIZE=1 SIZE=2         | 555 5.5.4
            MAIL FROM:<a@b.test> BODY=8BITMIME         | Mail
            MAIL FROM:<a@b.test> BODY=binarymime       | Mail
            MAIL FROM:<a@b.test> BODY=7BIT             | Mail
            MAIL FROM:<a@b.test> BODY=9BIT             | 501 5.5.4
            MAIL FROM:<a@b.test> SMTPUTF8=yes          | 501 5.5.4
            MAIL FROM:<a@b.test> RET=HDRS              | Mail
            MAIL FROM:<a@b.test> RET=ALL               | 501 5.5.4
            MAIL FROM:<a@b.test> ENVID=abc+2Bdef       | Mail
            MAIL FROM:<a@b.test> ENVID=x+0A+00y        | 501 5.5.4
            MAIL FROM:<a@b.test> ENVID=x+0a            | 501 5.5.4
            MAIL FROM:<a@b.test> ENVID=x+4             | 501 5.5.4
            MAIL FROM:<a@b.test> ENVID=x+              | 501 5.5.4
            MAIL FROM:<a@b.test> AUTH=<>               | Mail
            MAIL FROM:<a@b.test> AUTH=a+40b.test       | Mail
            MAIL FROM:<a@remote.test> AUTH=x+0Ainjected+0Aline | 501 5.5.4
            MAIL FROM:<a@b.test> AUTH=x+0D             | 501 5.5.4
            MAIL FROM:<a@b.test> AUTH=x+7F             | 501 5.5.4
            MAIL FROM:<a@b.test> AUTH=x+C3             | 501 5.5.4
            MAIL FROM:<a@b.test> FOO=bar               | 555 5.5.4
            MAIL FROM:<a@b.test> NOTIFY=NEVER          | 555 5.5.4
            MAIL FROM:<a@b.test> =                     | 501 5.5.4
            MAIL FROM:<a@b.test> a=                    | 501 5.5.4
            MAIL FROM:<a@b.test> -x                    | 501 5.5.4
            RCPT TO:<u@ours.test>                      | Rcpt
            RCPT TO:<Postmaster>                       | Rcpt
            RCPT TO: <u@ours.test>                     | Rcpt
            RCPT TO:<;sleep 66;>                       | 501 5.1.3
            RCPT TO:<>                                 | 501 5.1.3
            RCPT TO:<@ours.test:v@remote.test>         | Rcpt
            RCPT TO:<j\u00fcrg@b.test>                 | 553 5.6.7
            RCPT FROM:<u@ours.test>                    | 501 5.5.4
            RCPT TO:<u@ours.test> NOTIFY=SUCCESS,FAILURE,DELAY | Rcpt
            RCPT TO:<u@ours.test> NOTIFY=never         | Rcpt
            RCPT TO:<u@ours.test> NOTIFY=NEVER,SUCCESS | 501 5.5.4
            RCPT TO:<u@ours.test> NOTIFY=SUCCESS,      | 501 5.5.4
            RCPT TO:<u@ours.test> NOTIFY=SOMETIMES     | 501 5.5.4
            RCPT TO:<u@ours.test> ORCPT=rfc822;u+40ours.test | Rcpt
            RCPT TO:<u@ours.test> NOTIFY=FAILURE ORCPT=rfc822;a+0D+0Ab@c | 501 5.5.4
            RCPT TO:<u@ours.test> ORCPT=u@ours.test    | 501 5.5.4
            RCPT TO:<u@ours.test> ORCPT=rfc822;        | 501 5.5.4
            RCPT TO:<u@ours.test> ORCPT=rf(c;a         | 501 5.5.4
            RCPT TO:<u@ours.test> SIZE=10              | 555 5.5.4
            RCPT TO:<u@ours.test> NOTIFY=NEVER NOTIFY=NEVER | 555 5.5.4
            """)
    void table(String line, String expected) {
        Command command = parse(line.translateEscapes());
        if (expected.matches("\\d{3} .*")) {
            Command.Invalid invalid = assertInstanceOf(Command.Invalid.class, command, line);
            assertEquals(expected, invalid.reply().code() + " " + invalid.reply().status().orElseThrow().format(), line);
        } else {
            assertEquals(expected, command.getClass().getSimpleName(), line);
        }
    }

    /** S-06 and S-10 (CVE-2020-28022) lines that a CSV table cannot hold. */
    @Test
    void hostileLines() {
        assertEquals("501", code(parse("MAIL FROM:<|/bin/sh>")));
        assertEquals("501", code(parse("MAIL FROM:<a@b.test> x=\"a b\"=c")));
        assertEquals("501", code(parse("MAIL FROM:<a@b.test> =\"")));
        assertEquals("501", code(parse("MAIL FROM:<a@b.test> \"=")));
        assertEquals("501", code(parse("MAIL FROM:<a@b.test> " + "=".repeat(10_000))));
    }

    @Test
    void controlCharactersAnywhereAreRefused() {
        for (String line : new String[] {"EHLO a\u0000b", "MAIL FROM:<a\u0000b@c>", "NOOP \t", "VRFY \u001b[31m",
                "HELO a\u0085", "EHLO \ud800x"}) {
            Command command = parse(line);
            assertEquals(new Command.Invalid(dev.mta.core.smtp.Replies.SYNTAX_ERROR), command, line);
        }
    }

    @Test
    void mailValues() {
        Command command = parse("MAIL FROM:<a@b.test> SIZE=1000 BODY=8BITMIME RET=FULL ENVID=QQ+2B1 AUTH=<>");
        Command.Mail mail = assertInstanceOf(Command.Mail.class, command);
        assertEquals("<a@b.test>", mail.path().toString());
        assertEquals(new MailParameters(BodyType.EIGHT_BIT_MIME, false, OptionalLong.of(1000), Optional.of(DsnReturn.FULL),
                Optional.of("QQ+1"), Optional.of("<>")), mail.params());
        assertEquals(ReversePath.NULL, ((Command.Mail) parse("MAIL FROM:<>")).path());
        assertEquals(MailParameters.DEFAULT, ((Command.Mail) parse("MAIL FROM:<>")).params());
        assertEquals(true, ((Command.Mail) parse("MAIL FROM:<a@b.test> smtputf8")).params().smtpUtf8());
    }

    @Test
    void rcptValues() {
        Command.Rcpt rcpt = (Command.Rcpt) parse("RCPT TO:<u@ours.test> NOTIFY=failure,Delay ORCPT=rfc822;u+2Bx+40ours.test");
        assertEquals(new RcptParameters(Set.of(DsnNotify.FAILURE, DsnNotify.DELAY), Optional.of("rfc822;u+x@ours.test")),
                rcpt.params());
        assertEquals(ForwardPath.POSTMASTER, ((Command.Rcpt) parse("RCPT TO:<postmaster>")).path());
        assertInstanceOf(Command.Rcpt.class, parser.parse("RCPT TO:<j\u00fcrg@b.test>", ParseContext.SMTPUTF8));
    }

    @Test
    void otherValues() {
        assertEquals(new Command.Bdat(1000, false), parse("BDAT 1000"));
        assertEquals(new Command.Bdat(0, true), parse("BDAT 0 LAST"));
        assertEquals(new Command.Auth("PLAIN", Optional.of("AGFsaWNlAHNlY3JldA==")), parse("auth plain AGFsaWNlAHNlY3JldA=="));
        assertEquals(new Command.Ehlo("c.test"), parse("EHLO c.test "));
        assertEquals(new Command.HttpProbe("GET"), parse("get / HTTP/1.0"));
        // Non-ASCII letters do not fold into a verb (U+0131 upper-cases to I).
        assertInstanceOf(Command.Unknown.class, parse("ma\u0131l FROM:<a@b.test>"));
        assertEquals(new Command.Unknown("X".repeat(32)), parse("X".repeat(100)));
    }

    @Test
    void longPathsAreRefused() {
        String local = "a".repeat(65);
        assertEquals("501", code(parse("MAIL FROM:<" + local + "@b.test>")));
        assertEquals("501", code(parse("RCPT TO:<u@" + "d".repeat(63) + ("." + "d".repeat(63)).repeat(4) + ">")));
        assertEquals("501", code(parse("MAIL FROM:<a@b.test> ENVID=" + "x".repeat(101))));
        assertInstanceOf(Command.Mail.class, parse("MAIL FROM:<a@b.test> ENVID=" + "x".repeat(100)));
    }

    private static String code(Command command) {
        return String.valueOf(((Command.Invalid) command).reply().code());
    }
}
