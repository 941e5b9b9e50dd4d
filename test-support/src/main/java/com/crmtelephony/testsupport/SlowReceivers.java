package com.crmtelephony.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Webhook receivers a greedy or broken tenant would register, on loopback: one that accepts the
 * connection and never answers, and one that answers 200 at once and then sends its body one
 * byte every two seconds. Each counts the connections it took; both stop with the test JVM and
 * stop any one connection after {@link #HOLD_MILLIS}.
 */
public final class SlowReceivers {

    /** How long either holds one connection at most: bounded, whatever the client does. */
    public static final long HOLD_MILLIS = 120_000;

    private final ServerSocket silent;
    private final ServerSocket trickling;
    private final AtomicInteger silentConnections = new AtomicInteger();
    private final AtomicInteger tricklingConnections = new AtomicInteger();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final List<Socket> heldSilent = new CopyOnWriteArrayList<>();

    /** On ports of the system's choosing. */
    public SlowReceivers() {
        this(0, 0);
    }

    /** On these loopback ports (an end-to-end suite lists them as allowed targets when it starts). */
    public SlowReceivers(int silentPort, int tricklingPort) {
        silent = listen(silentPort);
        trickling = listen(tricklingPort);
        accept(silent, silentConnections, socket -> {
            // Reads the request and whatever follows, never answering, until the client gives up.
            socket.setSoTimeout((int) HOLD_MILLIS);
            byte[] sink = new byte[4096];
            while (socket.getInputStream().read(sink) != -1) {
                // nothing to answer
            }
        });
        accept(trickling, tricklingConnections, socket -> {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long until = System.currentTimeMillis() + HOLD_MILLIS;
            while (System.currentTimeMillis() < until) {
                out.write('.');
                out.flush();
                sleep(2_000);
            }
        });
    }

    private interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private static ServerSocket listen(int port) {
        try {
            return new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void accept(ServerSocket server, AtomicInteger count, Handler handler) {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    count.incrementAndGet();
                    held.add(socket);
                    if (server == silent) {
                        heldSilent.add(socket);
                    }
                    Thread t = new Thread(() -> {
                        try (socket) {
                            handler.handle(socket);
                        } catch (IOException gone) {
                            // the client cut it off
                        } finally {
                            held.remove(socket);
                            heldSilent.remove(socket);
                        }
                    }, "slow-receiver-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "slow-receiver-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** host:port of the one that never answers (for crm.outbound.allowed-targets). */
    public String silentTarget() {
        return "127.0.0.1:" + silent.getLocalPort();
    }

    /** host:port of the one that trickles its body. */
    public String tricklingTarget() {
        return "127.0.0.1:" + trickling.getLocalPort();
    }

    public String silentUrl(String path) {
        return "http://" + silentTarget() + path;
    }

    public String tricklingUrl(String path) {
        return "http://" + tricklingTarget() + path;
    }

    public int silentConnections() {
        return silentConnections.get();
    }

    public int tricklingConnections() {
        return tricklingConnections.get();
    }

    /** Connections still open now, both kinds (a trickled one notices its client left at its next byte). */
    public int open() {
        return held.size();
    }

    /** Connections to the silent one that its clients still hold open now. */
    public int openSilent() {
        return heldSilent.size();
    }
}
