package dev.commerceauth.redis.fleet;

/** One {@code EVENT} line of a {@link FleetWorker}: which process, when (its wall clock), what. */
final class WorkerEvent {

    final String worker;
    final long epochMillis;
    final String kind;
    final String detail;

    private WorkerEvent(String worker, long epochMillis, String kind, String detail) {
        this.worker = worker;
        this.epochMillis = epochMillis;
        this.kind = kind;
        this.detail = detail;
    }

    /** Parses {@code EVENT <id> <epochMillis> <kind> [detail]}. */
    static WorkerEvent parse(String line) {
        String[] parts = line.split(" ", 5);
        return new WorkerEvent(parts[1], Long.parseLong(parts[2]), parts[3], parts.length > 4 ? parts[4] : "");
    }

    @Override
    public String toString() {
        return worker + "@" + epochMillis + " " + kind + (detail.isEmpty() ? "" : " " + detail);
    }
}
