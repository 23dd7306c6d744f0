package dev.multiverse.mmu;

/** Told when guest memory that holds decoded instructions is written, so the decoded copy can be dropped. */
public interface CodeWriteListener {
    void codePageWritten(long physicalPage);
}
