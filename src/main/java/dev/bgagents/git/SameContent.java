package dev.bgagents.git;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.util.io.EolStreamTypeUtil;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whether a file in a work tree holds what a blob checks out as, read in a stream: a recovery
 * compares every file a merge touched, and one of tens of megabytes read whole (with the blob
 * rendered beside it) would not fit the server's heap. A file checked out as it is stored is
 * hashed as a blob and compared by id, its size first, so the blob is never read; one whose
 * line endings are converted is compared byte by byte as the blob is rendered.
 */
final class SameContent {
    private static final int BUFFER = 64 * 1024;

    private final ObjectReader reader;
    private final Path file;
    private final EolStreamType eol;
    private final long size;
    /** The file's id as a blob, once hashed: both sides of a change are compared with one hashing. */
    private ObjectId asBlob;

    /** {@code file}: a regular file (not a link), to compare with blobs checked out with {@code eol}. */
    SameContent(ObjectReader reader, Path file, EolStreamType eol) throws IOException {
        this.reader = reader;
        this.file = file;
        this.eol = eol;
        this.size = Files.size(file);
    }

    boolean as(ObjectId blob) throws IOException {
        if (eol == null || eol == EolStreamType.DIRECT) {
            if (reader.getObjectSize(blob, Constants.OBJ_BLOB) != size) {
                return false;
            }
            if (asBlob == null) {
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    asBlob = new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, size, in);
                }
            }
            return asBlob.equals(blob);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), BUFFER)) {
            Comparing against = new Comparing(in);
            try (OutputStream rendered = EolStreamTypeUtil.wrapOutputStream(against, eol)) {
                reader.open(blob, Constants.OBJ_BLOB).copyTo(rendered);
            } catch (Differs d) {
                return false;
            }
            return in.read() < 0; // nothing of the file left over
        }
    }

    /** Takes the rendered blob and checks each byte against the file's next one; stops at the first difference. */
    private static final class Comparing extends OutputStream {
        private final InputStream file;
        private final byte[] buf = new byte[BUFFER];

        Comparing(InputStream file) {
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            if (file.read() != (b & 0xff)) {
                throw new Differs();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = file.readNBytes(buf, 0, Math.min(len, buf.length));
                if (n == 0 || !java.util.Arrays.equals(buf, 0, n, b, off, off + n)) {
                    throw new Differs();
                }
                off += n;
                len -= n;
            }
        }
    }

    /** The file and the blob differ: thrown to end the rendering early, never seen outside. */
    private static final class Differs extends IOException {
        Differs() {
            super("differs", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
