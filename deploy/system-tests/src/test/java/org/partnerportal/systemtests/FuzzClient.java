package org.partnerportal.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.message.BasicHttpEntityEnclosingRequest;
import org.apache.http.message.BasicHttpRequest;

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
            .disableRedirectHandling().disableContentCompression().disableCookieManagement().build();

    Response send(FuzzRequest r, InetAddress from) {
        // the request line goes out as generated, even where it is not a valid URI (a broken %-escape):
        // a plain request to a host is not parsed as a URI on the way, as RequestBuilder's would be
        HttpRequest request;
        if (r.body() != null) {
            BasicHttpEntityEnclosingRequest withBody = new BasicHttpEntityEnclosingRequest(r.op().method(), r.pathAndQuery());
            ByteArrayEntity entity = new ByteArrayEntity(r.body());
            if (r.contentType() != null) {
                entity.setContentType(r.contentType());
            }
            withBody.setEntity(entity);
            request = withBody;
        } else {
            request = new BasicHttpRequest(r.op().method(), r.pathAndQuery());
        }
        r.headers().forEach(request::addHeader);
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(RequestConfig.custom().setLocalAddress(from)
                .setConnectTimeout(10_000).setSocketTimeout(60_000).build());
        URI gateway = URI.create(Stack.gateway());
        HttpHost target = new HttpHost("127.0.0.1", gateway.getPort(), gateway.getScheme());
        try (CloseableHttpResponse response = http.execute(target, request, context)) {
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
