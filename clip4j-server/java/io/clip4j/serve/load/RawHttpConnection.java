package io.clip4j.serve.load;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that sends a prepared request and reads the status and body
 * of its answer (Content-Length or chunked), discarding the body. Deliberately minimal and
 * allocation-light, so that on a small machine the load generator leaves the CPU to the server.
 */
final class RawHttpConnection implements AutoCloseable {
    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] line = new byte[8192];
    private final byte[] skip = new byte[64 * 1024];

    RawHttpConnection(InetSocketAddress address) {
        this.address = address;
    }

    /** Sends {@code request} (a complete HTTP/1.1 request) and returns the answer's status code. */
    int exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 10_000);
        socket.setSoTimeout(120_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    private int readResponse() throws IOException {
        String status = readLine();
        if (status.length() < 12 || !status.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            String h = header.toLowerCase(Locale.ROOT);
            if (h.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).strip());
            } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                chunked = true;
            } else if (h.startsWith("connection:") && h.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(readLine().split(";")[0].strip(), 16); size > 0;
                 size = Long.parseLong(readLine().split(";")[0].strip(), 16)) {
                discard(size);
                readLine();
            }
            while (!readLine().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            discard(length);
        } else {
            close = true; // body until end of stream
            while (in.read(skip) >= 0) {
                // drain
            }
        }
        if (close) {
            close();
        }
        return code;
    }

    private void discard(long n) throws IOException {
        long left = n;
        while (left > 0) {
            int r = in.read(skip, 0, (int) Math.min(skip.length, left));
            if (r < 0) {
                throw new EOFException("connection closed inside a response body");
            }
            left -= r;
        }
    }

    private String readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r' && n < line.length) {
                line[n++] = (byte) b;
            }
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
