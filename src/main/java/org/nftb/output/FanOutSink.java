package org.nftb.output;

import org.nftb.config.FaultPlan;
import org.nftb.sequential.StageRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends every record to several sinks, in the order given (e.g. the JSON-lines file, then the dashboard). The first
 * sink is the canonical record: {@link #recordsWritten()} is its count, and its failure ({@link OutputException})
 * reaches the pipeline before the others see the record. Same contract as every sink: one thread at a time.
 */
public final class FanOutSink implements RecordSink {
    private final List<RecordSink> sinks;

    public FanOutSink(RecordSink first, RecordSink... more) {
        this.sinks = new ArrayList<>(1 + more.length);
        sinks.add(first);
        sinks.addAll(List.of(more));
    }

    @Override
    public void start(RunInfo info) {
        for (RecordSink s : sinks) {
            s.start(info);
        }
    }

    @Override
    public void estimate(EstimateRecord record) {
        for (int i = 0; i < sinks.size(); i++) {
            sinks.get(i).estimate(record);
        }
    }

    @Override
    public void calibration(long sequence, long version, String table) {
        for (RecordSink s : sinks) {
            s.calibration(sequence, version, table);
        }
    }

    @Override
    public void calibrationWatch(CalibrationWatchRecord record) {
        for (RecordSink s : sinks) {
            s.calibrationWatch(record);
        }
    }

    @Override
    public void stage(long sequence, long stateTimeNanos, StageRecord record) {
        for (int i = 0; i < sinks.size(); i++) {
            sinks.get(i).stage(sequence, stateTimeNanos, record);
        }
    }

    @Override
    public void inject(FaultPlan plan, FaultPlan.Fault fault, double sampleRateHz) {
        for (RecordSink s : sinks) {
            s.inject(plan, fault, sampleRateHz);
        }
    }

    @Override
    public void health(HealthSnapshot health) {
        for (RecordSink s : sinks) {
            s.health(health);
        }
    }

    @Override
    public void summary(RunSummary summary) {
        for (RecordSink s : sinks) {
            s.summary(summary);
        }
    }

    @Override
    public void control(ControlRecord control) {
        for (RecordSink s : sinks) {
            s.control(control);
        }
    }

    @Override
    public void fault(long sequence, String what, String where) {
        for (RecordSink s : sinks) {
            s.fault(sequence, what, where);
        }
    }

    @Override
    public long recordsWritten() {
        return sinks.get(0).recordsWritten();
    }

    /** Closes every sink (all are tried; the first failure is rethrown). */
    @Override
    public void close() {
        RuntimeException first = null;
        for (RecordSink s : sinks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
