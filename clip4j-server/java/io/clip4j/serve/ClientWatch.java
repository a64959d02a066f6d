package io.clip4j.serve;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices clients that hang up while their request waits in a queue. An HTTP/1.1 server reads
 * nothing from a connection while it works on a request, so it cannot see the client leave until it
 * writes the answer; by then the encoder time is spent. This watcher registers the request's socket
 * with a selector of its own (next to Jetty's, which it does not disturb) and reads nothing: when
 * the socket turns readable with no bytes to read, the peer has closed it (end of stream or reset),
 * and {@code onGone} runs. Bytes to read mean the client sent more (a pipelined request): it is
 * alive, and the watch stops. One thread serves all watches.
 *
 * <p>Works for plain sockets (Jetty's {@code SocketChannelEndPoint}); for anything else (TLS sees
 * its close alert as bytes, HTTP/2) {@link #watch} returns a no-op registration and the request
 * timeout is the backstop.
 */
final class ClientWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientWatch.class);

    /** Ends one watch; idempotent. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** One watched socket; its key is set on the watch thread, its end on any thread. */
    private static final class Watch implements Registration {
        final SocketChannel channel;
        final Runnable onGone;
        private SelectionKey key; // guarded by this
        private boolean ended; // guarded by this

        Watch(SocketChannel channel, Runnable onGone) {
            this.channel = channel;
            this.onGone = onGone;
        }

        /** Registers; false if the channel still has a cancelled key here (retry after a select). */
        synchronized boolean register(Selector selector) {
            if (ended) {
                return true; // the request finished before its watch began
            }
            try {
                key = channel.register(selector, SelectionKey.OP_READ, this);
            } catch (ClosedChannelException | IllegalArgumentException e) {
                ended = true; // Jetty already closed it: the request is over
            } catch (CancelledKeyException e) {
                return false; // the previous request's watch on this connection is not flushed yet
            }
            return true;
        }

        @Override
        public synchronized void close() {
            ended = true;
            if (key != null) {
                key.cancel();
            }
        }
    }

    private final Selector selector;
    private final Queue<Watch> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    ClientWatch() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector", e);
        }
        thread = new Thread(this::loop, "clip4j-client-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches {@code transport} (a Jetty endpoint's transport) until the registration is closed. */
    Registration watch(Object transport, Runnable onGone) {
        if (closed || !(transport instanceof SocketChannel channel) || !channel.isOpen()) {
            return () -> { };
        }
        Watch watch = new Watch(channel, onGone);
        pending.add(watch);
        selector.wakeup();
        return watch;
    }

    private void loop() {
        while (!closed) {
            try {
                register();
                selector.select(1000);
                checkSelected();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("client watch failed", e);
                }
            }
        }
    }

    private void register() throws IOException {
        Watch watch;
        while ((watch = pending.poll()) != null) {
            if (!watch.register(selector)) {
                selector.selectNow(); // flushes cancelled keys
                checkSelected();
                watch.register(selector);
            }
        }
    }

    private void checkSelected() {
        for (SelectionKey key : selector.selectedKeys()) {
            check(key);
        }
        selector.selectedKeys().clear();
    }

    private static void check(SelectionKey key) {
        if (!key.isValid()) {
            return; // its request finished meanwhile
        }
        SocketChannel channel = (SocketChannel) key.channel();
        int available;
        try {
            available = channel.socket().getInputStream().available();
        } catch (IOException e) {
            available = 0; // reset or closed: gone
        }
        Watch watch = (Watch) key.attachment();
        watch.close(); // either way, this watch is over
        if (available == 0) {
            watch.onGone.run();
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
