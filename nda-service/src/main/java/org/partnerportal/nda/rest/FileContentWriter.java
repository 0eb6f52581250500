package org.partnerportal.nda.rest;

import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerHttpResponse;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;
import org.partnerportal.nda.domain.FileContent;

import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

/**
 * Writes a {@link FileContent} entity as it is produced, one buffer at a time: the next one is
 * asked for only when the last one is written, so a download holds about one GridFS chunk in
 * memory, not the file. {@code Content-Length} is the content's length. A failure before the first
 * byte is written goes through the exception mappers like any other (a {@code 500} problem); after
 * it, the connection is reset, so the client sees a transfer cut short (fewer bytes than
 * announced), never a complete-looking file.
 */
@Provider
public class FileContentWriter implements ServerMessageBodyWriter<FileContent> {

    private static final Logger LOG = Logger.getLogger(FileContentWriter.class);

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target, MediaType mediaType) {
        return FileContent.class.isAssignableFrom(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return FileContent.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(FileContent content, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) {
        throw new UnsupportedOperationException("A FileContent is only written to the server response, as it is produced");
    }

    @Override
    public void writeResponse(FileContent content, Type genericType, ServerRequestContext context) {
        ResteasyReactiveRequestContext ctx = (ResteasyReactiveRequestContext) context;
        ServerHttpResponse response = context.serverResponse();
        Context vertx = Vertx.currentContext();
        ctx.suspend();
        response.setResponseHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(content.length()));
        // every signal on the request's own context, where the response is written
        content.body().emitOn(vertx == null ? Runnable::run : task -> vertx.runOnContext(v -> task.run()))
                .subscribe().withSubscriber(new Sender(ctx, response));
    }

    private static final class Sender implements MultiSubscriber<ByteBuffer> {

        private final ResteasyReactiveRequestContext ctx;
        private final ServerHttpResponse response;
        private Flow.Subscription subscription;

        Sender(ResteasyReactiveRequestContext ctx, ServerHttpResponse response) {
            this.ctx = ctx;
            this.response = response;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            // a client that goes away stops the reading
            response.addCloseHandler(s::cancel);
            s.request(1);
        }

        @Override
        public void onItem(ByteBuffer item) {
            byte[] bytes = new byte[item.remaining()];
            item.duplicate().get(bytes);
            response.write(bytes, failure -> {
                if (failure == null) {
                    subscription.request(1);
                } else {
                    subscription.cancel();
                    fail(failure);
                }
            });
        }

        @Override
        public void onFailure(Throwable failure) {
            fail(failure);
        }

        @Override
        public void onCompletion() {
            response.end();
            ctx.resume();
        }

        private void fail(Throwable failure) {
            if (!response.headWritten()) {
                // the error answer goes out instead: it is not this file, nor of its length
                response.removeResponseHeader(HttpHeaders.CONTENT_LENGTH);
                response.removeResponseHeader("Content-Disposition");
                ctx.resume(failure);
                return;
            }
            LOG.warnf("A download failed after its first bytes were sent; the connection is reset: %s", failure.toString());
            response.reset();
            ctx.close();
        }
    }
}
