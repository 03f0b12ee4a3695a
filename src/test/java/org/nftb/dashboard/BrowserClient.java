package org.nftb.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A page's side of the WebSocket, without a browser: the JDK's WebSocket client, parsing each message. It can stop
 * reading (no demand: TCP fills up and the server sees a slow browser) and resume.
 */
final class BrowserClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    private volatile boolean reading;

    BrowserClient(int port, boolean reading) throws Exception {
        this.reading = reading;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder part = new StringBuilder();

                    @Override
                    public void onOpen(WebSocket ws) {
                        if (BrowserClient.this.reading) {
                            ws.request(1);
                        }
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            try {
                                messages.add(JSON.readTree(part.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException("not JSON: " + part, e);
                            }
                            part.setLength(0);
                        }
                        if (BrowserClient.this.reading) {
                            ws.request(1);
                        }
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    /** Starts (again) reading messages. */
    void resume() {
        reading = true;
        socket.request(1);
    }

    /** The next message, or an AssertionError after {@code seconds}. */
    JsonNode next(long seconds) throws InterruptedException {
        JsonNode m = messages.poll(seconds, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no dashboard message within " + seconds + " s");
        }
        return m;
    }

    /** Messages until one holds a record satisfying {@code last}; returns all of them. */
    List<JsonNode> until(java.util.function.Predicate<JsonNode> last, long seconds) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            JsonNode m = next(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())));
            out.add(m);
            for (JsonNode r : m.get("records")) {
                if (last.test(r.get("r"))) {
                    return out;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}
