package dev.safestart.devtools.demo;

/** One step of the demo. A step that cannot do its job throws; the demo then shuts down and exits 1. */
public interface DemoStep {
    String title();

    void run(DemoContext ctx) throws Exception;
}
