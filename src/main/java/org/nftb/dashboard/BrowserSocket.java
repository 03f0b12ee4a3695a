package org.nftb.dashboard;

import org.eclipse.jetty.websocket.api.Session;

/**
 * One browser's WebSocket, registered with the push thread while open; the page sends nothing. Public only because
 * Jetty calls the listener methods through method handles, which need an accessible class.
 */
public final class BrowserSocket implements Session.Listener.AutoDemanding {
    private final Broadcaster broadcaster;
    private Broadcaster.Client client;

    BrowserSocket(Broadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        client = broadcaster.connect(session);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (client != null) {
            broadcaster.disconnect(client);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (client != null) {
            broadcaster.disconnect(client);
        }
    }
}
