package io.clip4j.gpu;

import io.clip4j.internal.PastScope;

import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.cuda.CUDAAllocator;
import org.bytedeco.pytorch.cuda.DeviceAssertionsDataVectorCUDAKernelLaunchInfoVectorPair;
import org.bytedeco.pytorch.cuda.StreamFilter;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * A private memory pool of libtorch's CUDA caching allocator, the kind CUDA graph captures
 * allocate from so that nothing else is ever placed in the graph's memory. Its id is a
 * {@code MempoolId_t} ({@code std::pair<unsigned long long, unsigned long long>}) made here as
 * two longs: the presets give the pair a wrong Java name, and {@code MemPool}'s constructor
 * moved between libtorch 2.10 and 2.11 (a "symbol lookup error" on a 2.11 machine), while the
 * allocator's own pool calls work with both.
 */
final class PrivatePool {
    // Ids shaped like libtorch's graph pool handles ({n, 0}), far above its own counter.
    private static final AtomicLong NEXT = new AtomicLong(1L << 62);

    private final LongPointer idMemory; // keeps the pair's 16 bytes alive
    private final DeviceAssertionsDataVectorCUDAKernelLaunchInfoVectorPair id;
    private final CUDAAllocator allocator;

    private PrivatePool(LongPointer idMemory, CUDAAllocator allocator) {
        this.idMemory = idMemory;
        this.id = new DeviceAssertionsDataVectorCUDAKernelLaunchInfoVectorPair(idMemory); // a view, no copy
        this.allocator = allocator;
    }

    static PrivatePool create() {
        LongPointer pair = PastScope.keep(new LongPointer(NEXT.getAndIncrement(), 0L));
        return new PrivatePool(pair, PastScope.keep(torch_cuda.getAllocator()));
    }

    /** From now until {@link #endAllocating}, allocations on streams {@code filter} accepts come from this pool (which it creates). */
    void beginAllocating(byte device, StreamFilter filter) {
        allocator.beginAllocateToPool(device, id, filter);
    }

    void endAllocating(byte device) {
        allocator.endAllocateToPool(device, id);
    }

    /** Gives the pool's memory back once its tensors are freed. */
    void release(byte device) {
        allocator.releasePool(device, id);
        idMemory.close();
    }
}
