package io.imagelake.normalizer.imaging;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/** glibc's allocator keeps an image's large native blocks for the next image (the platform's Linux is glibc's). */
class NativeHeapTest {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MALLOC = function("malloc", FunctionDescriptor.of(ADDRESS, JAVA_LONG));
    private static final MethodHandle FREE = function("free", FunctionDescriptor.ofVoid(ADDRESS));
    /** glibc's {@code struct mallinfo2}: ten {@code size_t}s. */
    private static final MemoryLayout MALLINFO2 = MemoryLayout.structLayout(
            JAVA_LONG.withName("arena"),
            JAVA_LONG.withName("ordblks"),
            JAVA_LONG.withName("smblks"),
            JAVA_LONG.withName("hblks"),
            JAVA_LONG.withName("hblkhd"),
            JAVA_LONG.withName("usmblks"),
            JAVA_LONG.withName("fsmblks"),
            JAVA_LONG.withName("uordblks"),
            JAVA_LONG.withName("fordblks"),
            JAVA_LONG.withName("keepcost"));

    private static final MethodHandle MALLINFO = function("mallinfo2", FunctionDescriptor.of(MALLINFO2));

    @Test
    void aBlockOfAnImagesSizeComesFromTheArenaAndStaysThereWhenFreed() throws Exception {
        assertThat(NativeHeap.keepBlocksUnder(256L << 20)).isTrue();
        // 48 MB: over glibc's own largest mapping threshold (32 MB), within a thread's arena (64 MB); on a thread of
        // its own, as renders run on the consumers' threads, not on main's arena
        long block = 48L << 20;
        long[] seen = new long[3];
        Thread render = Thread.ofPlatform().start(() -> {
            try {
                long mappedBefore = mapped();
                MemorySegment pixels = (MemorySegment) MALLOC.invokeExact(block);
                seen[0] = pixels.address();
                seen[1] = mapped() - mappedBefore;
                FREE.invokeExact(pixels);
                seen[2] = freeInArenas();
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
        render.join();

        assertThat(seen[0]).as("allocated").isNotZero();
        assertThat(seen[1]).as("bytes mapped for the block on its own").isLessThan(block);
        assertThat(seen[2]).as("free bytes kept in the arenas").isGreaterThanOrEqualTo(block);
    }

    @Test
    void whatTheCLibraryCannotTakeIsRefusedNotApplied() {
        assertThat(NativeHeap.keepBlocksUnder(0)).isFalse();
        assertThat(NativeHeap.keepBlocksUnder(4L << 30)).isFalse();
    }

    @Test
    void theSettingDefaultsTo256MegabytesAndRefusesWhatAnIntCannotHold() {
        assertThat(DecodeMemoryProperties.defaults().nativeBlocksKept()).isEqualTo(DataSize.ofMegabytes(256));
        Binder tooLarge = new Binder(List.of(
                new MapConfigurationPropertySource(Map.of("lake.normalizer.memory.native-blocks-kept", "4GB"))));
        assertThatThrownBy(() -> tooLarge.bindOrCreate("lake.normalizer.memory", DecodeMemoryProperties.class))
                .hasStackTraceContaining("native-blocks-kept must be between 0 and 2GB");
    }

    /** Bytes in blocks mapped on their own ({@code hblkhd}). */
    private static long mapped() throws Throwable {
        return mallinfo("hblkhd");
    }

    /** Free bytes the arenas hold ({@code fordblks}). */
    private static long freeInArenas() throws Throwable {
        return mallinfo("fordblks");
    }

    private static long mallinfo(String field) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) MALLINFO.invokeExact((SegmentAllocator) arena);
            return info.get(JAVA_LONG, MALLINFO2.byteOffset(MemoryLayout.PathElement.groupElement(field)));
        }
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }
}
