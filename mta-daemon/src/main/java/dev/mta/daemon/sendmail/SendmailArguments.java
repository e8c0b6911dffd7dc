package dev.mta.daemon.sendmail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses sendmail's command line, which is older than getopt conventions: an option's argument may be attached
 * ({@code -fwww@example.com}) or separate ({@code -f www@example.com}), {@code -o} takes a letter and maybe a
 * value ({@code -oi}, {@code -odi}, {@code -oem}), {@code -b} a mode letter. The options programs actually pass
 * are honoured or accepted without effect, as Postfix's sendmail does; anything else is a usage error (64), so a
 * mistake is reported rather than the mail silently sent otherwise. A pure function.
 */
public final class SendmailArguments {

    /** Options whose argument we take and ignore: -B body type (unless 7BIT), -N DSN notify, -R DSN return,
     *  -V envelope id, -h hop count, -L syslog label, -O long option, -X log file. */
    private static final Set<Character> IGNORED_WITH_ARGUMENT = Set.of('B', 'N', 'R', 'V', 'h', 'L', 'O', 'X');
    /** Options without argument we accept and ignore: -v verbose, -m me too, -n no aliasing, -U initial
     *  submission, -G gateway. */
    private static final Set<Character> IGNORED_FLAGS = Set.of('v', 'm', 'n', 'U', 'G');

    private SendmailArguments() {
    }

    /**
     * @param args the arguments after {@code sendmail}
     * @throws SendmailException with {@link SysExit#USAGE}
     */
    public static SendmailOptions parse(List<String> args) throws SendmailException {
        List<String> recipients = new ArrayList<>();
        boolean fromHeaders = false;
        Optional<String> sender = Optional.empty();
        Optional<String> fullName = Optional.empty();
        boolean ignoreDots = false;
        boolean sevenBit = false;
        Optional<Path> config = Optional.empty();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i++);
            if (arg.equals("--")) {
                recipients.addAll(args.subList(i, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.length() == 1) {
                recipients.add(arg);
                continue;
            }
            char option = arg.charAt(1);
            String attached = arg.substring(2);
            switch (option) {
                case 't' -> fromHeaders = flag(arg);
                case 'i' -> ignoreDots = flag(arg);
                case 'f', 'r' -> {
                    sender = Optional.of(attached.isEmpty() ? argument(args, i++, arg) : attached);
                }
                case 'F' -> fullName = Optional.of(attached.isEmpty() ? argument(args, i++, arg) : attached);
                case 'C' -> config = Optional.of(Path.of(attached.isEmpty() ? argument(args, i++, arg) : attached));
                case 'o' -> {
                    // -oi is -i; every other -oX[value] (-odi, -oem, -oee, -oQ..., -oL...) has no effect here.
                    if (attached.isEmpty()) {
                        throw new SendmailException(SysExit.USAGE, "-o needs an option letter, e.g. -oi");
                    }
                    if (attached.equals("i")) {
                        ignoreDots = true;
                    }
                }
                case 'e' -> {
                    // -em, -ep, -eq, -ew, -ee: how errors are reported; ours go to stderr and the exit status.
                }
                case 'b' -> {
                    // -bm is the default mode (deliver mail); the others (-bp, -bs, -bi, -bv, -bd) are not offered.
                    if (!attached.equals("m")) {
                        throw new SendmailException(SysExit.USAGE, arg + " is not supported: mta sendmail only"
                                + " sends mail (-bm); use mta for the queue and the daemon");
                    }
                }
                default -> {
                    if (IGNORED_FLAGS.contains(option) && attached.isEmpty()) {
                        continue;
                    }
                    if (IGNORED_WITH_ARGUMENT.contains(option)) {
                        String value = attached.isEmpty() ? argument(args, i++, arg) : attached;
                        if (option == 'B') {
                            sevenBit = value.equalsIgnoreCase("7BIT");
                        }
                        continue;
                    }
                    throw new SendmailException(SysExit.USAGE, "unknown option " + arg);
                }
            }
        }
        return new SendmailOptions(recipients, fromHeaders, sender, fullName, ignoreDots, sevenBit, config);
    }

    /** A flag must stand alone: {@code -ti} is not read as two flags, since sendmail never took them bundled. */
    private static boolean flag(String arg) throws SendmailException {
        if (arg.length() != 2) {
            throw new SendmailException(SysExit.USAGE, "unknown option " + arg);
        }
        return true;
    }

    private static String argument(List<String> args, int index, String option) throws SendmailException {
        if (index >= args.size()) {
            throw new SendmailException(SysExit.USAGE, option + " needs an argument");
        }
        return args.get(index);
    }
}
