package dev.safestart.worker;

import java.util.Locale;

/**
 * What one worker process serves ({@code WORKER_ROLE}). The bot's trading side and its runtime monitor live on two
 * task queues, so they can run in one process or in two:
 * <ul>
 *   <li>{@link #ALL}: everything in one process (the default);</li>
 *   <li>{@link #BOT}: the trading process: TASK_QUEUE (startups, their activities, the monitor's commands to the
 *   engine), the engine's own queue {@code TASK_QUEUE@<engineId>}, the engine and its signals to the monitor;</li>
 *   <li>{@link #MONITOR}: only {@code TASK_QUEUE-monitor}: the runtime monitor workflow, its independent gateway
 *   probe and its alerts. No engine, no trading session, no poller on TASK_QUEUE; so a stopped trading process is
 *   seen, and alerted, by a process that is still running.</li>
 * </ul>
 */
public enum WorkerRole {
    ALL,
    BOT,
    MONITOR;

    /** Serves TASK_QUEUE, the engine's own queue, and holds the engine. */
    public boolean servesBot() {
        return this != MONITOR;
    }

    /** Serves TASK_QUEUE-monitor. */
    public boolean servesMonitor() {
        return this != BOT;
    }

    /** The value as {@code WORKER_ROLE} spells it. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named by an accepted {@code WORKER_ROLE} value (any case). */
    static WorkerRole of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
