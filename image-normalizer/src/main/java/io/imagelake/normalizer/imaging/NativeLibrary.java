package io.imagelake.normalizer.imaging;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A library of the system's, called through the JDK's foreign function API ({@link Libheif}, {@link TurboJpeg}). */
final class NativeLibrary {

    private static final Linker LINKER = Linker.nativeLinker();

    private final String name;
    private final SymbolLookup symbols;

    private NativeLibrary(String name, SymbolLookup symbols) {
        this.name = name;
        this.symbols = symbols;
    }

    /**
     * The binding {@code bind} makes of the first of {@code names} the system has and that has every function the
     * binding looks up; empty if none.
     */
    static <T> Optional<T> load(List<String> names, Function<NativeLibrary, T> bind) {
        for (String name : names) {
            try {
                return Optional.of(
                        bind.apply(new NativeLibrary(name, SymbolLookup.libraryLookup(name, Arena.global()))));
            } catch (IllegalArgumentException | UnsatisfiedLinkError | IllegalStateException notHere) {
                // the next name, or none
            }
        }
        return Optional.empty();
    }

    /** The library's function {@code function}; an {@link IllegalStateException} if it has none of that name. */
    MethodHandle function(String function, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(
                symbols.find(function).orElseThrow(() -> new IllegalStateException(name + " has no " + function)),
                descriptor);
    }
}
