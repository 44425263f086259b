package dev.safestart.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates command objects, handing a {@link CliEnvironment} to those whose constructor takes one, so tests run
 * the real command line with their own environment and captured output.
 */
public final class CliFactory implements CommandLine.IFactory {
    private final CliEnvironment environment;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    public CliFactory(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            Constructor<K> c = cls.getDeclaredConstructor(CliEnvironment.class);
            c.setAccessible(true);
            return c.newInstance(environment);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
    }

    /**
     * The root command line over {@code environment}, as {@code main} builds it, with {@code more} commands (classes
     * annotated with {@code @Command}) after the production ones.
     */
    public static CommandLine commandLine(CliEnvironment environment, Class<?>... more) {
        CommandLine cl = new CommandLine(new SafestartCommand(), new CliFactory(environment));
        for (Class<?> command : more) {
            cl.addSubcommand(command);
        }
        cl.setOut(new java.io.PrintWriter(environment.out(), true));
        cl.setErr(new java.io.PrintWriter(environment.err(), true));
        return cl;
    }
}
