package io.cutover.capture;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;

/**
 * Connect offsets in a file, written crash-safely: to a temporary file, forced to disk, then
 * atomically renamed over the old one. Kafka's {@code FileOffsetBackingStore} rewrites the file in
 * place, so a SIGKILL during a flush can leave a truncated file that fails the next start.
 * Reads {@code offset.storage.file.filename}.
 */
public class AtomicFileOffsetStore extends MemoryOffsetBackingStore {
    private static final int MAGIC = 0x43555431; // "CUT1"
    private Path file;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        String name = config.originalsStrings().get("offset.storage.file.filename");
        if (name == null || name.isBlank()) {
            throw new ConnectException("offset.storage.file.filename is required");
        }
        file = Path.of(name);
    }

    @Override
    public synchronized void start() {
        super.start();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file); DataInputStream d = new DataInputStream(in)) {
                if (d.readInt() != MAGIC) {
                    throw new IOException("not a Cutover offset file");
                }
                for (int n = d.readInt(); n > 0; n--) {
                    ByteBuffer k = read(d);
                    data.put(k, read(d));
                }
            } catch (IOException e) {
                throw new ConnectException("cannot read capture offsets " + file + " (" + e.getMessage()
                        + "); delete the file to snapshot the source again", e);
            }
        }
    }

    @Override
    protected void save() {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            DataOutputStream d = new DataOutputStream(Channels.newOutputStream(ch));
            d.writeInt(MAGIC);
            d.writeInt(data.size());
            for (Map.Entry<ByteBuffer, ByteBuffer> e : data.entrySet()) {
                write(d, e.getKey());
                write(d, e.getValue());
            }
            d.flush();
            ch.force(true);
        } catch (IOException e) {
            throw new ConnectException("cannot write capture offsets " + tmp, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ConnectException("cannot replace capture offsets " + file, e);
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of(); // only used by the Connect REST API, which the embedded engine does not serve
    }

    private static ByteBuffer read(DataInputStream d) throws IOException {
        int len = d.readInt();
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        d.readFully(b);
        return ByteBuffer.wrap(b);
    }

    private static void write(DataOutputStream d, ByteBuffer b) throws IOException {
        if (b == null) {
            d.writeInt(-1);
            return;
        }
        ByteBuffer copy = b.duplicate();
        d.writeInt(copy.remaining());
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        d.write(bytes);
    }
}
