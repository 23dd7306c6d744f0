package dev.multiverse.cpu;

/**
 * CR8 as a view of the local APIC's task-priority register (SDM vol. 3 §10.8.6.1): reading CR8 gives
 * TPR[7:4]; writing it sets TPR[7:4] and clears TPR[3:0], and the APIC re-evaluates what it may deliver.
 */
public interface TaskPriority {
    int cr8();

    void setCr8(int value);
}
