package org.nftb.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.nftb.output.ControlRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code /control/…}: {@code GET /control/state} (whether the page may act, its key, the run's control state) and
 * {@code POST /control/ACTION} (an operator action, checked by {@link ControlGuard}, done by {@link Controls}).
 * Every POST is written as a {@code control} record (who, what, when, result) — refusals too, at most
 * {@value #REFUSALS_PER_MINUTE} a minute so that a page hammering the port cannot flood the records (the rest are
 * counted in the log). Anything else goes to the next handler.
 */
final class ControlHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);
    static final int REFUSALS_PER_MINUTE = 20;
    private static final int MAX_BODY_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> ACTIONS = Set.of(Controls.RECORD_START, Controls.RECORD_STOP, Controls.CALIBRATE,
            Controls.RETUNE, Controls.STOP);

    private final Controls controls;
    private final ControlGuard guard;
    private final String key;
    private volatile Consumer<ControlRecord> records;
    private long refusalWindowStartMs;
    private int refusalsInWindow;
    private long refusalsSuppressed;

    /** @param controls the run's controls, or null: the dashboard is view-only */
    ControlHandler(Controls controls, String key, Handler next) {
        super(next);
        this.controls = controls;
        this.key = key;
        this.guard = new ControlGuard(key);
    }

    /** Where control records go (the run's sinks, under the pipeline's lock); until set, actions are refused. */
    void records(Consumer<ControlRecord> sink) {
        this.records = sink;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (!path.startsWith("/control/")) {
            return super.handle(request, response, callback);
        }
        String action = path.substring("/control/".length());
        if (action.equals("state") && "GET".equals(request.getMethod())) {
            ObjectNode o = JSON.createObjectNode();
            o.put("enabled", controls != null);
            if (controls != null) {
                o.put("key", key);
                o.set("state", JSON.readTree(controls.stateJson()));
            }
            reply(response, callback, 200, o);
            return true;
        }
        if (controls == null) {
            reply(response, callback, 403, outcome(ControlRecord.REFUSED, "this dashboard is view-only: start nftb "
                    + "run with --dashboard-controls to act from the page", -1));
            return true;
        }
        String who = who(request);
        String what = ACTIONS.contains(action) ? action : "unknown";
        String refusal = guard.refusal(request.getMethod(), request.getHeaders().get(HttpHeader.HOST),
                request.getHeaders().get(HttpHeader.ORIGIN), request.getHeaders().get("Sec-Fetch-Site"),
                request.getHeaders().get(ControlGuard.KEY_HEADER), request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (refusal == null && what.equals("unknown")) {
            refusal = "unknown action '" + clip(action) + "'; the actions are " + ACTIONS;
        }
        if (refusal != null) {
            refuse(who, what, "", refusal);
            reply(response, callback, 403, outcome(ControlRecord.REFUSED, refusal, -1));
            return true;
        }
        Content.Source.asString(request, StandardCharsets.UTF_8, new Promise<>() {
            @Override
            public void succeeded(String body) {
                Thread t = new Thread(() -> perform(who, what, body, response, callback), "nftb-dashboard-control");
                t.setDaemon(true);
                t.start();
            }

            @Override
            public void failed(Throwable x) {
                callback.failed(x);
            }
        });
        return true;
    }

    private void perform(String who, String action, String body, Response response, Callback callback) {
        Map<String, String> params;
        try {
            params = parameters(body);
        } catch (IllegalArgumentException e) {
            refuse(who, action, clip(body), e.getMessage());
            reply(response, callback, 400, outcome(ControlRecord.REFUSED, e.getMessage(), -1));
            return;
        }
        String request = describe(params);
        Consumer<ControlRecord> sink = records;
        if (sink == null) {
            reply(response, callback, 409, outcome(ControlRecord.REFUSED, "the run has not started yet", -1));
            return;
        }
        long t = System.currentTimeMillis();
        Controls.Outcome o;
        try {
            o = controls.act(action, params);
        } catch (RuntimeException e) {
            LOG.warn("dashboard control {} failed", action, e);
            o = new Controls.Outcome(ControlRecord.FAILED, "internal error: " + e, -1);
        }
        sink.accept(new ControlRecord(t, who, action, request, o.result(), o.detail(), o.fromSeq()));
        LOG.info("dashboard control from {}: {} {} -> {}: {}", who, action, request, o.result(), o.detail());
        reply(response, callback, 200, outcome(o.result(), o.detail(), o.fromSeq()));
    }

    /** A control request the {@link AccessPolicy} refused (no token, another host): recorded like any refusal. */
    void refusedByAccessPolicy(Request request, String action, String why) {
        if (controls != null) {
            refuse(who(request), ACTIONS.contains(action) ? action : "unknown", "", why);
        }
    }

    private synchronized void refuse(String who, String action, String request, String why) {
        long now = System.currentTimeMillis();
        if (now - refusalWindowStartMs > 60_000) {
            if (refusalsSuppressed > 0) {
                LOG.warn("dashboard: {} further control refusals in the last minute not written as records",
                        refusalsSuppressed);
            }
            refusalWindowStartMs = now;
            refusalsInWindow = 0;
            refusalsSuppressed = 0;
        }
        LOG.info("dashboard control from {} refused: {} ({})", who, action, why);
        Consumer<ControlRecord> sink = records;
        if (sink != null && refusalsInWindow++ < REFUSALS_PER_MINUTE) {
            sink.accept(new ControlRecord(now, who, action, request, ControlRecord.REFUSED, why, -1));
        } else {
            refusalsSuppressed++;
        }
    }

    /** The body: a JSON object of short scalar values, as strings. */
    static Map<String, String> parameters(String body) {
        if (body.length() > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode n;
        try {
            n = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("request body is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("request body is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getKey().length() > 40 || e.getValue().asText().length() > 200) {
                throw new IllegalArgumentException("parameter '" + clip(e.getKey()) + "' is not a short value");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static String describe(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }

    /** The requester: address and the page's session id (never the token). */
    private static String who(Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        String address = remote instanceof InetSocketAddress isa ? isa.getAddress().getHostAddress()
                : String.valueOf(remote);
        String page = request.getHeaders().get("X-Nftb-Page");
        if (page != null && page.matches("[A-Za-z0-9]{1,32}")) {
            return address + " (page " + page + ")";
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        return address + (origin != null ? " (origin " + clip(origin) + ")" : "");
    }

    private static ObjectNode outcome(String result, String detail, long fromSeq) {
        ObjectNode o = JSON.createObjectNode();
        o.put("result", result);
        o.put("detail", detail);
        o.put("fromSeq", fromSeq);
        return o;
    }

    private static void reply(Response response, Callback callback, int status, ObjectNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
