package dev.bgagents.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies everything written to stderr into the server's log file under the state directory. */
public final class ServerLogFile {
    private ServerLogFile() {
    }

    public static void teeStderr(Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            OutputStream file = new FileOutputStream(logFile.toFile(), true);
            OutputStream err = System.err;
            System.setErr(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    err.write(b);
                    file.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    err.write(b, off, len);
                    file.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    err.flush();
                    file.flush();
                }
            }, true));
        } catch (IOException e) {
            System.err.println("bg-agents: no log file at " + logFile + " (" + e.getMessage() + "); logging to stderr only");
        }
    }
}
