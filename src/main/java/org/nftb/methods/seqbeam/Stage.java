package org.nftb.methods.seqbeam;

/** The two sensing stages of seed 002. */
public enum Stage {
    /** Monostatic sensing: the BS hears its own echoes (eqs. 3-4, 7-10). */
    MS,
    /** Bistatic positioning: the UE hears the BS's pilots over the LoS and via the PTs (eqs. 5-6, 11-14). */
    BP
}
