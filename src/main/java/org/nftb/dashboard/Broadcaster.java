package org.nftb.dashboard;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The dashboard's push thread: it sends each connected browser, as one WebSocket text message, the records it has
 * not seen yet, the newest angle–Doppler map and any new calibration table — as soon as a record arrives
 * ({@link #wake()}), but never two messages to one browser less than a period apart (default 20 ms: at most 50
 * updates per second per browser). The pipeline never waits for it: records sit in the shared {@link RecordRing}
 * and a new record only unparks this thread; a browser whose previous message is still in flight is skipped, and one
 * that falls more than {@code maxBacklog} records behind loses the oldest (drop oldest), counted per browser and
 * shown on its page.
 *
 * <p>Message ({@code kind: update}, JSON): {@code serverMs}, {@code dropped} (records this browser lost so far),
 * {@code clients}, then what is new for it: {@code scene} and {@code start} (first message), {@code calibrations[]},
 * {@code map}, and {@code records[]} as {@code {"t": ms the record reached the dashboard, "r": record}} where the
 * record is the JSON line of {@code nftb-records/1}, byte for byte.
 */
final class Broadcaster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broadcaster.class);
    /** Calibration tables kept for browsers that connect later: the first and this many of the latest. */
    private static final int CALIBRATIONS_KEPT = 8;

    /** One browser. Fields other than {@code inFlight} are touched by the push thread only. */
    static final class Client {
        final Session session;
        final String remote;
        volatile boolean inFlight;
        volatile boolean failed;
        long cursor = -1;
        long lastSentNanos = Long.MIN_VALUE / 2;
        long dropped;
        long sent;
        long mapVersion;
        long calibrationVersion;
        boolean welcomed;

        Client(Session session) {
            this.session = session;
            this.remote = String.valueOf(session.getRemoteSocketAddress());
        }
    }

    private final RecordRing ring;
    private final AngleDopplerView map;
    private final WallClock clock;
    private final long periodNanos;
    private final int maxBacklog;
    private final int history;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final List<Table> calibrations = new ArrayList<>();          // guarded by this
    private final RecordRing.Copy copy = new RecordRing.Copy();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String scene;
    private volatile String start;
    private String latestMap;
    private long totalDropped;

    /**
     * @param updatesPerSecond most messages per second to one browser
     * @param maxBacklog       most records a browser may lag before it loses the oldest
     * @param history          records a newly connected browser receives from before it connected
     */
    Broadcaster(RecordRing ring, AngleDopplerView map, WallClock clock, double updatesPerSecond, int maxBacklog,
                int history) {
        if (maxBacklog > ring.capacity() || history > maxBacklog) {
            throw new IllegalArgumentException("need history " + history + " <= backlog " + maxBacklog + " <= ring "
                    + ring.capacity());
        }
        this.ring = ring;
        this.map = map;
        this.clock = clock;
        this.periodNanos = (long) (1e9 / updatesPerSecond);
        this.maxBacklog = maxBacklog;
        this.history = history;
        this.thread = new Thread(this::loop, "nftb-dashboard-push");
        thread.setDaemon(true);
    }

    void startThread() {
        thread.start();
    }

    void scene(String json) {
        scene = json;
    }

    void start(String json) {
        start = json;
    }

    /** A calibration table as the page receives it. */
    private record Table(long version, String json) {
    }

    synchronized void calibration(long version, String json) {
        calibrations.add(new Table(version, json));
        if (calibrations.size() > CALIBRATIONS_KEPT + 1) {
            calibrations.remove(1);          // keep the first table: drift is measured against it
        }
    }

    Client connect(Session session) {
        Client c = new Client(session);
        clients.add(c);
        LOG.info("dashboard: browser connected from {} ({} connected)", c.remote, clients.size());
        return c;
    }

    void disconnect(Client c) {
        if (clients.remove(c)) {
            LOG.info("dashboard: browser at {} left after {} updates, {} records dropped for it", c.remote, c.sent,
                    c.dropped);
        }
    }

    int clientCount() {
        return clients.size();
    }

    /** Records dropped for browsers that fell behind, over all browsers so far (push thread's view). */
    synchronized long totalDropped() {
        return totalDropped;
    }

    /** A record arrived (the sink's thread): push it now if the browsers' rate allows. Never blocks. */
    void wake() {
        LockSupport.unpark(thread);
    }

    private void loop() {
        while (running) {
            long t0 = System.nanoTime();
            long next = t0 + periodNanos;
            try {
                next = Math.min(next, tick(t0));
            } catch (RuntimeException e) {
                LOG.warn("dashboard: push failed this round: {}", e.toString());
            }
            long rest = next - System.nanoTime();
            if (rest > 0) {
                LockSupport.parkNanos(this, rest);   // or until wake(), or until a send completes
            }
        }
    }

    /**
     * One round over the browsers (also the last round at close); returns when the next browser with something to
     * send may be sent to again.
     */
    long tick(long nowNanos) {
        map.tick(nowNanos, !clients.isEmpty());
        String m = map.takeEncoded();
        if (m != null) {
            latestMap = m;
        }
        long head = ring.head();
        long next = Long.MAX_VALUE;
        Map<Long, Fragment> shared = new HashMap<>();
        for (Client c : clients) {
            if (c.failed || !c.session.isOpen()) {
                disconnect(c);
            } else if (c.inFlight) {
                continue;                             // its completion wakes us
            } else if (nowNanos - c.lastSentNanos < periodNanos) {
                next = Math.min(next, c.lastSentNanos + periodNanos);
            } else if (push(c, head, shared)) {
                c.lastSentNanos = nowNanos;
            }
        }
        return next;
    }

    /** The records [from, head) as a JSON array, and how many of them the writer overtook while we read. */
    private record Fragment(String json, long lost) {
    }

    private Fragment fragment(long from, long head) {
        StringBuilder sb = new StringBuilder(2048 * (int) Math.min(64, head - from + 1));
        sb.append('[');
        long lost = 0;
        boolean first = true;
        for (long s = from; s < head; s++) {
            if (!ring.read(s, copy)) {
                lost++;
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"t\":").append(String.format(Locale.ROOT, "%.3f", copy.timeMs)).append(",\"r\":")
                    .append(copy.text()).append('}');
        }
        return new Fragment(sb.append(']').toString(), lost);
    }

    /** Sends the browser what is new for it, if anything; true when a message went out. */
    private boolean push(Client c, long head, Map<Long, Fragment> shared) {
        if (c.cursor < 0) {
            c.cursor = Math.max(0, head - history);
        }
        long oldest = Math.max(0, head - maxBacklog);
        long dropped = 0;
        if (c.cursor < oldest) {
            dropped = oldest - c.cursor;
            c.cursor = oldest;
        }
        String newMap = latestMap != null && c.mapVersion < map.version() ? latestMap : null;
        List<String> newCalibrations = takeNewCalibrations(c);
        if (c.cursor >= head && newMap == null && newCalibrations.isEmpty() && c.welcomed) {
            return false;
        }
        Fragment records = shared.computeIfAbsent(c.cursor, from -> fragment(from, head));
        dropped += records.lost();
        c.dropped += dropped;
        synchronized (this) {
            totalDropped += dropped;
        }
        StringBuilder sb = new StringBuilder(records.json().length() + (newMap == null ? 256 : newMap.length() + 256));
        sb.append("{\"kind\":\"update\",\"serverMs\":").append(String.format(Locale.ROOT, "%.3f", clock.nowMs()))
                .append(",\"dropped\":").append(c.dropped).append(",\"clients\":").append(clients.size());
        if (!c.welcomed) {
            if (scene != null) {
                sb.append(",\"scene\":").append(scene);
            }
            if (start != null) {
                sb.append(",\"start\":").append(start);
            }
        }
        if (!newCalibrations.isEmpty()) {
            sb.append(",\"calibrations\":[").append(String.join(",", newCalibrations)).append(']');
        }
        if (newMap != null) {
            sb.append(",\"map\":").append(newMap);
        }
        sb.append(",\"records\":").append(records.json()).append('}');
        c.welcomed = true;
        c.cursor = head;
        c.mapVersion = map.version();
        c.inFlight = true;
        c.sent++;
        c.session.sendText(sb.toString(), Callback.from(() -> {
            c.inFlight = false;
            wake();
        }, failure -> {
            c.failed = true;
            c.inFlight = false;
        }));
        return true;
    }

    /** The tables the browser has not received yet; marks them received. */
    private synchronized List<String> takeNewCalibrations(Client c) {
        List<String> out = new ArrayList<>();
        for (Table t : calibrations) {
            if (t.version() > c.calibrationVersion) {
                out.add(t.json());
                c.calibrationVersion = t.version();
            }
        }
        return out;
    }

    /**
     * Stops the push thread after a last round (so the final health record reaches the browsers), waits up to
     * {@code graceMillis} for those messages, then closes every connection.
     */
    @Override
    public void close() {
        close(1000);
    }

    void close(long graceMillis) {
        running = false;
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
            while (clients.stream().anyMatch(c -> c.inFlight) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            tick(System.nanoTime());
            while (clients.stream().anyMatch(c -> c.inFlight) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Client c : clients) {
            c.session.close(StatusCode.SHUTDOWN, "the run ended", Callback.NOOP);
        }
        clients.clear();
    }
}
