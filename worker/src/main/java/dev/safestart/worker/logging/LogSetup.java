package dev.safestart.worker.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Switches logging between the two shapes the project needs: JSON lines on stdout for the worker process
 * (machine-read, one line per event) and quiet plain text on stderr for the CLI, so a command's own output on
 * stdout stays readable and parseable ({@code --json}).
 */
public final class LogSetup {
    private LogSetup() {}

    /** The worker: JSON lines to stdout at {@code level}, every line tagged with {@code botId}. */
    public static void worker(String botId, String level) {
        LoggerContext ctx = context();
        if (ctx == null) {
            return;
        }
        ctx.putProperty(JsonLineLayout.BOT_ID_PROPERTY, botId);
        JsonLineLayout layout = new JsonLineLayout();
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
        toConsole(ctx, encoder, "System.out", Level.toLevel(level, Level.INFO));
        MDC.put(JsonLineLayout.BOT_ID_PROPERTY, botId);
    }

    /** The CLI: WARN and above (everything with {@code verbose}) as short text on stderr. */
    public static void cli(boolean verbose) {
        LoggerContext ctx = context();
        if (ctx == null) {
            return;
        }
        PatternLayoutEncoder encoder = shortText(ctx);
        toConsole(ctx, encoder, "System.err", verbose ? Level.INFO : Level.WARN);
        // The SDK and gRPC are chatty at WARN about things the CLI handles itself (e.g. a closed server at exit).
        ctx.getLogger("io.grpc").setLevel(verbose ? Level.INFO : Level.ERROR);
    }

    /**
     * A command whose own output is a story for a person (the demo): every log line, INFO and up, goes to
     * {@code file} as the CLI's short text, and nothing to the console.
     */
    public static void toFile(Path file) {
        LoggerContext ctx = context();
        if (ctx == null) {
            return;
        }
        PatternLayoutEncoder encoder = shortText(ctx);
        FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(ctx);
        appender.setName("SAFESTART");
        appender.setFile(file.toAbsolutePath().toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        replaceRootAppender(ctx, appender, Level.INFO);
        ctx.getLogger("io.grpc").setLevel(Level.WARN);
    }

    private static void toConsole(
            LoggerContext ctx,
            ch.qos.logback.core.encoder.Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder,
            String target,
            Level level) {
        ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("SAFESTART");
        appender.setTarget(target);
        appender.setEncoder(encoder);
        appender.start();
        replaceRootAppender(ctx, appender, level);
    }

    /** The root logger's only appender is now {@code appender}, at {@code level}. */
    private static void replaceRootAppender(
            LoggerContext ctx,
            ch.qos.logback.core.Appender<ch.qos.logback.classic.spi.ILoggingEvent> appender,
            Level level) {
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        root.setLevel(level);
    }

    /** The CLI's short text line: time, level, logger, workflow id, message. */
    private static PatternLayoutEncoder shortText(LoggerContext ctx) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} %X{WorkflowId} - %msg%n");
        encoder.start();
        return encoder;
    }

    private static LoggerContext context() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx ? ctx : null;
    }
}
