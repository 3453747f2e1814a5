import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import static java.lang.foreign.ValueLayout.*;

/**
 * Spawns per second of a tiny script through the JDK's ProcessBuilder and through
 * posix_spawn called with the Foreign Function & Memory API (JDK 22+), each with a stdout
 * pipe read to the end and the exit waited for, as a CGI run needs. The native path closes
 * every inherited descriptor in one file action (closefrom) instead of the JDK child's
 * listing of /proc/self/fd.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -Djdk.lang.Process.launchMechanism=VFORK \
 *     bench/SpawnPaths.java MODE SCRIPT THREADS SECONDS [EXTRA_OPEN_FILES]
 * </pre>
 * MODE is {@code jdk} or {@code ffm}; EXTRA_OPEN_FILES opens that many more descriptors
 * first, as the server has (jars, sockets).
 */
public class SpawnPaths {
    static final Linker L = Linker.nativeLinker();
    static final SymbolLookup S = L.defaultLookup();
    static MethodHandle h(String n, FunctionDescriptor d) { return L.downcallHandle(S.find(n).orElseThrow(), d); }
    static final MethodHandle PIPE2 = h("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle FA_INIT = h("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle FA_DESTROY = h("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle FA_DUP2 = h("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle FA_CLOSEFROM = h("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle SPAWN = h("posix_spawn", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle READ = h("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle CLOSE = h("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final MethodHandle WAITPID = h("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final int O_CLOEXEC = 02000000;

    static int ffm(String script) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            if ((int) PIPE2.invokeExact(fds, O_CLOEXEC) != 0) throw new IllegalStateException("pipe2");
            int r = fds.getAtIndex(JAVA_INT, 0), w = fds.getAtIndex(JAVA_INT, 1);
            MemorySegment fa = a.allocate(256);
            int rc = (int) FA_INIT.invokeExact(fa);
            rc |= (int) FA_DUP2.invokeExact(fa, w, 1);
            rc |= (int) FA_CLOSEFROM.invokeExact(fa, 3);
            MemorySegment path = a.allocateFrom("/bin/sh");
            MemorySegment argv = a.allocate(ADDRESS, 3);
            argv.setAtIndex(ADDRESS, 0, path);
            argv.setAtIndex(ADDRESS, 1, a.allocateFrom(script));
            argv.setAtIndex(ADDRESS, 2, MemorySegment.NULL);
            MemorySegment envp = a.allocate(ADDRESS, 2);
            envp.setAtIndex(ADDRESS, 0, a.allocateFrom("PATH=/usr/bin:/bin"));
            envp.setAtIndex(ADDRESS, 1, MemorySegment.NULL);
            MemorySegment pid = a.allocate(JAVA_INT);
            rc |= (int) SPAWN.invokeExact(pid, path, fa, MemorySegment.NULL, argv, envp);
            int fr = (int) FA_DESTROY.invokeExact(fa);
            int c = (int) CLOSE.invokeExact(w);
            if (rc != 0) throw new IllegalStateException("spawn " + rc);
            MemorySegment buf = a.allocate(8192);
            long total = 0, n;
            while ((n = (long) READ.invokeExact(r, buf, 8192L)) > 0) total += n;
            c = (int) CLOSE.invokeExact(r);
            MemorySegment status = a.allocate(JAVA_INT);
            int p = (int) WAITPID.invokeExact(pid.get(JAVA_INT, 0), status, 0);
            return (int) total;
        }
    }

    static int jdk(String script) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", script).redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        int n = p.getInputStream().readAllBytes().length;
        p.waitFor();
        return n;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0], script = args[1]; int threads = Integer.parseInt(args[2]); int secs = Integer.parseInt(args[3]);
        int extra = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        java.util.List<java.io.FileInputStream> open = new java.util.ArrayList<>();
        for (int i = 0; i < extra; i++) open.add(new java.io.FileInputStream("/etc/hostname"));
        // warm-up
        long end0 = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end0) run(mode, script);
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + secs * 1_000_000_000L;
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> { try { while (System.nanoTime() < end) { run(mode, script); count.incrementAndGet(); } } catch (Throwable t) { t.printStackTrace(); } });
            ts[i].start();
        }
        for (Thread t : ts) t.join();
        System.out.printf("mode=%s P=%d rate=%d/s%n", mode, threads, count.get() / secs);
    }

    static void run(String mode, String script) throws Exception {
        try { if (mode.equals("ffm")) ffm(script); else jdk(script); } catch (Exception e) { throw e; } catch (Throwable t) { throw new RuntimeException(t); }
    }
}
