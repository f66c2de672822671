package io.cutover.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the image's entrypoint without a container engine: in a private mount namespace (so nothing stays
 * mounted on the host) it mounts /proc and the usual /dev nodes into the unpacked root, as a runtime
 * does, then chroots as the image's user with exactly the image's environment. Needs root.
 */
final class ImageChroot {
    private static final String MOUNTS = "set -e; r=\"$0\"; mount -t proc proc \"$r/proc\"; mount -t tmpfs tmpfs \"$r/dev\"; "
            + "for n in null zero random urandom; do touch \"$r/dev/$n\"; mount --bind \"/dev/$n\" \"$r/dev/$n\"; done; "
            + "exec /usr/sbin/chroot --userspec=\"$1\" \"$r\" \"${@:2}\"";

    private ImageChroot() {
    }

    /** The host command that runs the entrypoint followed by {@code args}, and the environment it needs. */
    static List<String> command(ImageTarball image, List<String> args) {
        JsonNode c = image.config.get("config");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--fork", "--kill-child",
                "/bin/bash", "-c", MOUNTS, image.rootfs.toString(), c.get("User").asText()));
        c.get("Entrypoint").forEach(e -> cmd.add(e.asText()));
        cmd.addAll(args);
        return cmd;
    }

    /** The image's Env: chroot looks the entrypoint's {@code java} up in this PATH (which has /usr/bin too). */
    static Map<String, String> environment(ImageTarball image, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        image.config.get("config").get("Env").forEach(e -> {
            String[] kv = e.asText().split("=", 2);
            env.put(kv[0], kv[1]);
        });
        env.putAll(extra);
        return env;
    }

    /**
     * Stops the entrypoint (SIGTERM, as a runtime does) and waits for it. Signalled directly: unshare's
     * --kill-child does not reach it, because the kernel clears the parent-death signal when chroot
     * switches to the image user.
     */
    static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            h.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> {
                h.destroyForcibly();
                return h;
            }).join();
        }
        p.destroy();
        p.waitFor();
    }

    static Process start(ImageTarball image, List<String> args, Map<String, String> extraEnv) throws IOException {
        return HostCommand.start(environment(image, extraEnv), null, command(image, args));
    }
}
