package org.nftb.methods.dftmusic;

import org.nftb.estimator.EstimatorSetup;
import org.nftb.frontend.FrontEnd;
import org.nftb.frontend.IntegrateAndDump;
import org.nftb.model.ElementArray;
import org.nftb.stream.CpiLayout;

import java.util.List;

/**
 * What seed 001's estimator needs before its first CPI: its configuration, the receive array and CPI timing, and
 * the lookup tables of eq. (16) (built or loaded once by {@link DftMusicProvider#setup}). Its front end is
 * integrate-and-dump to one sample per symbol. Immutable and serializable.
 *
 * @param config           the estimator section
 * @param rxArray          receive array (a ULA along x)
 * @param wavelengthM      carrier wavelength, metres
 * @param symbolPeriodS    slow-time symbol period, seconds
 * @param symbols          symbols per CPI, M
 * @param samplesPerSymbol radio samples per symbol, S
 * @param tables           the lookup tables
 */
public record DftMusicSetup(DftMusicConfig config, ElementArray rxArray, double wavelengthM, double symbolPeriodS,
                            int symbols, int samplesPerSymbol, SpreadTables tables) implements EstimatorSetup {

    @Override
    public String type() {
        return DftMusicConfig.TYPE;
    }

    @Override
    public FrontEnd newFrontEnd() {
        return new IntegrateAndDump(new CpiLayout(rxArray.count(), symbols, samplesPerSymbol));
    }

    @Override
    public DftMusicEstimator newEstimator() {
        return new DftMusicEstimator(rxArray, wavelengthM, symbolPeriodS, symbols, config, tables);
    }

    @Override
    public int maxTargets() {
        return config.maxTargets();
    }

    /** This set-up with another estimator configuration that keeps the same tables (benchmarks compare variants). */
    public DftMusicSetup with(DftMusicConfig other) {
        return new DftMusicSetup(other, rxArray, wavelengthM, symbolPeriodS, symbols, samplesPerSymbol, tables);
    }

    @Override
    public List<String> diagnosticNames() {
        return DftMusicEstimator.DIAGNOSTICS;
    }
}
