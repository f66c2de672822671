package io.cutover.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An image tar as {@code jib:buildTar} writes it ({@code docker save} layout: manifest.json, the config,
 * gzipped layer tars), unpacked the way a container runtime does: layers in order into one root.
 */
final class ImageTarball {
    private static final Duration TAR_TIMEOUT = Duration.ofMinutes(2);

    final JsonNode config;
    final Path rootfs;

    private ImageTarball(JsonNode config, Path rootfs) {
        this.config = config;
        this.rootfs = rootfs;
    }

    static ImageTarball unpack(Path imageTar, Path workDir) throws IOException, InterruptedException {
        Path blobs = workDir.resolve("blobs");
        Path rootfs = workDir.resolve("rootfs");
        Files.createDirectories(blobs);
        Files.createDirectories(rootfs);
        tar(List.of("tar", "-xf", imageTar.toString(), "-C", blobs.toString()));
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(blobs.resolve("manifest.json").toFile()).get(0);
        for (JsonNode layer : manifest.get("Layers")) {
            // --same-owner (root's default) keeps the layers' owners: /var/lib/cutover belongs to the image user.
            tar(List.of("tar", "-xzf", blobs.resolve(layer.asText()).toString(), "-C", rootfs.toString(),
                    "--same-owner", "--same-permissions"));
        }
        return new ImageTarball(json.readTree(blobs.resolve(manifest.get("Config").asText()).toFile()), rootfs);
    }

    private static void tar(List<String> command) throws IOException, InterruptedException {
        HostCommand.Result r = HostCommand.run(TAR_TIMEOUT, null, null, command);
        if (r.exit() != 0) {
            throw new IllegalStateException(command + " failed: " + r.output());
        }
    }
}
