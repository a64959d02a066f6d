package io.clip4j.serve;

import io.clip4j.batch.DropReason;
import io.clip4j.batch.Job;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Answers a request asynchronously from its {@link Job}: the Jetty thread is released while the
 * job waits in its queue; the job is dropped when the request timeout passes or the client hangs up
 * ({@link ClientWatch}); the answer is the job's results turned into a body, or the error mapped by
 * {@link Errors}.
 */
final class AsyncReplies {
    private final ClientWatch clients;
    private final ScheduledExecutorService timers;
    private final Duration timeout;

    AsyncReplies(ClientWatch clients, ScheduledExecutorService timers, Duration timeout) {
        this.clients = clients;
        this.timers = timers;
        this.timeout = timeout;
    }

    /** Makes {@code ctx} wait for {@code job}; call last in a handler. */
    void reply(Context ctx, Job<float[]> job, Function<List<float[]>, Object> body) {
        reply(ctx, job, body, Runnable::run);
    }

    /**
     * The same, with {@code body} run on {@code executor} rather than on the thread that finished the job
     * (a store call that may wait on a database must not hold the threads every other route needs).
     */
    void reply(Context ctx, Job<float[]> job, Function<List<float[]>, Object> body, java.util.concurrent.Executor executor) {
        ClientWatch.Registration watch = clients.watch(transport(ctx), () -> job.cancel(DropReason.CLIENT_GONE));
        ScheduledFuture<?> timer = timers.schedule(() -> job.cancel(DropReason.TIMEOUT), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        CompletableFuture<Void> answered = job.future().handleAsync((results, error) -> {
            watch.close();
            timer.cancel(false);
            if (error == null) {
                try {
                    Responses.json(ctx, 200, body.apply(results));
                    return null;
                } catch (RuntimeException e) {
                    error = e;
                }
            }
            Responses.error(ctx, Errors.toApi(error, timeout.toMillis()));
            return null;
        }, executor);
        ctx.future(() -> answered);
    }

    /** The request's socket channel (for plain HTTP/1.1), or null. */
    private static Object transport(Context ctx) {
        try {
            return ServletContextRequest.getServletContextRequest(ctx.req())
                    .getConnectionMetaData().getConnection().getEndPoint().getTransport();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
