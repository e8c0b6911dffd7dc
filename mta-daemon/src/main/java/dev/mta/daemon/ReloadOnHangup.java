package dev.mta.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * Calls a reload on SIGHUP, the signal {@code systemctl reload} and {@code kill -HUP} send (DESIGN.md, "Start,
 * stop, reload"). Without a handler the JVM ends on SIGHUP, as on SIGTERM.
 *
 * <p>The JDK has no public API for this; {@code sun.misc.Signal} in the {@code jdk.unsupported} module is the one
 * way, and it is exported for exactly this use. It is reached by reflection, not by an import: javac warns about
 * every use of an internal API, {@code -Xlint:all} cannot be told to accept this one, and the build prints no
 * warnings. Should a later JDK remove the class, the daemon runs on without reload and says so at start.
 *
 * <p>The JDK runs each signal's handler on a new thread of its own, so the reload's file I/O blocks no one;
 * {@link Daemon#reload()} is synchronized, so two quick signals reload one after the other.
 */
public final class ReloadOnHangup {

    private static final Logger log = LoggerFactory.getLogger(ReloadOnHangup.class);

    private final Runnable reload;

    /** @param reload runs on the signal's thread, once per SIGHUP */
    public ReloadOnHangup(Runnable reload) {
        this.reload = Objects.requireNonNull(reload, "reload");
    }

    /**
     * Installs the handler.
     *
     * @return false when the JDK does not allow it (the reason is logged); the daemon runs without reload then
     */
    public boolean install() {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object hangup = signalClass.getConstructor(String.class).newInstance("HUP");
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[]{handlerClass},
                    new Handler());
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, hangup, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.warn("cannot handle SIGHUP, reload is not available: {}", e.toString());
            return false;
        }
    }

    /** The {@code SignalHandler} implementation: {@code handle(Signal)} reloads; the Object methods behave. */
    private final class Handler implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "handle" -> {
                    log.info("SIGHUP received");
                    try {
                        reload.run();
                    } catch (RuntimeException e) {
                        log.error("reload failed", e);
                    }
                    return null;
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "toString" -> {
                    return "mta SIGHUP handler";
                }
                default -> throw new UnsupportedOperationException(method.getName());
            }
        }
    }
}
