package org.partnerportal.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/**
 * Sends a {@link FuzzRequest} to the gateway as it is. Each (operation, caller) pair sends from its
 * own loopback address (127.x.y.z all reach the gateway on Linux), so the gateway's per-address
 * budgets of the public paths are not used up by the fuzzer for the other tests or for later
 * pairs — the requests reach the services instead of all ending as {@code 429}.
 */
final class FuzzClient implements AutoCloseable {

    /** What came back; the body is cut at 64 KiB. */
    record Response(int status, String contentType, String body) {
    }

    private static final int MAX_BODY = 64 * 1024;
    private final CloseableHttpClient http = HttpClients.custom().disableAutomaticRetries()
            .disableRedirectHandling().disableContentCompression().build();

    Response send(FuzzRequest r, InetAddress from) {
        RequestBuilder b = RequestBuilder.create(r.op().method()).setUri(Stack.gateway().replace("localhost", "127.0.0.1")
                + r.pathAndQuery()).setConfig(RequestConfig.custom().setLocalAddress(from)
                        .setConnectTimeout(10_000).setSocketTimeout(60_000).build());
        r.headers().forEach(b::addHeader);
        if (r.body() != null) {
            ByteArrayEntity entity = new ByteArrayEntity(r.body());
            if (r.contentType() != null) {
                entity.setContentType(r.contentType());
            }
            b.setEntity(entity);
        }
        try (CloseableHttpResponse response = http.execute(b.build())) {
            HttpEntity entity = response.getEntity();
            String body = "";
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
                }
            }
            var type = response.getFirstHeader("Content-Type");
            return new Response(response.getStatusLine().getStatusCode(), type == null ? "" : type.getValue(), body);
        } catch (IOException e) {
            // the connection broke: a finding like a 5xx, reported as status 0
            return new Response(0, "", e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
