package io.cutover.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker compose config} (the Compose plugin) or, without it, {@code docker-compose config} (Debian's
 * docker-compose package): both parse, validate against the Compose schema, interpolate and print the model
 * without a container engine.
 */
final class ComposeCli {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private ComposeCli() {
    }

    static HostCommand.Result config(Path file, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(System.getenv());
        all.putAll(env);
        List<String> base = plugin() ? List.of("docker", "compose") : List.of("docker-compose");
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(List.of("-f", file.toAbsolutePath().toString(), "config"));
        try {
            return HostCommand.run(TIMEOUT, all, null, cmd);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("neither the docker compose plugin nor docker-compose is installed "
                    + "(Debian/Ubuntu: apt-get install -y docker-compose; .ci/run does it)", e);
        }
    }

    private static boolean plugin() {
        try {
            return HostCommand.run(TIMEOUT, null, null, List.of("docker", "compose", "version")).exit() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
