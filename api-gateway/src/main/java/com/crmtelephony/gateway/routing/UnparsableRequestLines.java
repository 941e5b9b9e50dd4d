package com.crmtelephony.gateway.routing;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

import com.crmtelephony.gateway.error.Problems;
import com.crmtelephony.support.web.CanonicalPaths;

/**
 * A request line that is no URI at all ({@code /cdr\reports}, a raw space or control
 * character) never reaches Spring: its adapter answers 400 with an empty body. This answers it
 * at the connection instead, as problem+json like every other refusal, and closes the connection.
 * Every other path goes on to {@link CanonicalPathFilter}.
 */
@Component
class UnparsableRequestLines implements NettyServerCustomizer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public reactor.netty.http.server.HttpServer apply(reactor.netty.http.server.HttpServer server) {
        return server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "crm.unparsableRequestLines", new Refuser());
            }
        });
    }

    /** Why the request target is refused (a problem's detail), or null when Spring can take it. */
    static String violation(String target) {
        try {
            new URI(target);
            return null;
        } catch (URISyntaxException e) {
            int query = target.indexOf('?');
            String reason = CanonicalPaths.violation(query < 0 ? target : target.substring(0, query));
            return reason != null ? "Non-canonical request path: " + reason : "The request target is not a valid URI";
        }
    }

    private static final class Refuser extends ChannelInboundHandlerAdapter {
        private boolean refusing;
        private long dropped;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                String violation = violation(request.uri());
                if (violation != null) {
                    refusing = true;
                    dropped = 0;
                    ctx.writeAndFlush(problem(violation));
                }
            }
            if (refusing) {
                // The refused request and its body are dropped; the connection closes once the body
                // is read (closing with unread bytes would reset it, and the answer with it).
                boolean last = msg instanceof LastHttpContent;
                if (msg instanceof HttpContent content) {
                    dropped += content.content().readableBytes();
                }
                ReferenceCountUtil.release(msg);
                if (last || dropped > Problems.DRAIN_LIMIT) {
                    ctx.close();
                } else {
                    ctx.read(); // reads are on demand, and no one downstream will ask for this body
                }
                return;
            }
            ctx.fireChannelRead(msg);
        }

        private static FullHttpResponse problem(String violation) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "about:blank");
            body.put("title", "Bad Request");
            body.put("status", 400);
            body.put("detail", violation);
            byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                    Unpooled.wrappedBuffer(bytes));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                    .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .set("X-Content-Type-Options", "nosniff")
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            return response;
        }
    }
}
