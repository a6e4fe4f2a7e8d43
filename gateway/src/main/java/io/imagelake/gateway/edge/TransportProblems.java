package io.imagelake.gateway.edge;

import io.imagelake.support.web.ProblemTypes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;

/**
 * The refusals reactor-netty answers itself, before any Spring code runs: a header over
 * {@code server.max-http-request-header-size} (431), a request line over its limit (414) or one
 * that cannot be parsed (400). Netty sends those with an empty body; this handler, placed right
 * after the HTTP codec, gives them the lake's problem+json body with a stable {@code type}, as every
 * other layer does. reactor-netty offers no hook for these answers, so a pipeline handler is the
 * narrowest place; it rewrites only bodiless, untyped answers of these statuses, never a response
 * that Spring wrote.
 */
@Component
public class TransportProblems implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory> {

    private static final String HANDLER = "lake.transportProblems";

    /** The statuses reactor-netty's decoder answers itself, with their details (types: {@link ProblemTypes}). */
    private static final Map<Integer, String> REFUSALS = Map.of(
            431, "the request's headers exceed the gateway's limit",
            414, "the request line exceeds the gateway's limit",
            400, "the request is not well-formed HTTP");

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        factory.addServerCustomizers(server -> server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null
                    && channel.pipeline().get(HANDLER) == null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER, new ProblemBodies());
            }
        }));
    }

    /** Gives an empty refusal of the decoder its problem+json body. */
    @ChannelHandler.Sharable
    static final class ProblemBodies extends ChannelDuplexHandler {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof FullHttpResponse response
                    && response.content().readableBytes() == 0
                    && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
                    && REFUSALS.containsKey(response.status().code())) {
                ctx.write(withProblem(response), promise);
                return;
            }
            ctx.write(msg, promise);
        }

        static FullHttpResponse withProblem(FullHttpResponse bare) {
            int status = bare.status().code();
            byte[] body = ProblemTypes.json(
                            status,
                            ProblemTypes.forStatusOrGeneric(status),
                            bare.status().reasonPhrase(),
                            REFUSALS.get(status),
                            null)
                    .getBytes(StandardCharsets.UTF_8);
            FullHttpResponse problem = new DefaultFullHttpResponse(
                    bare.protocolVersion(), HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
            problem.headers().set(bare.headers());
            problem.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
            problem.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            bare.release();
            return problem;
        }
    }
}
