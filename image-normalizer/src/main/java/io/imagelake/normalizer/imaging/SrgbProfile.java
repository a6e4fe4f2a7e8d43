package io.imagelake.normalizer.imaging;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.color.ICC_ProfileRGB;
import java.awt.color.ProfileDataException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether an embedded ICC profile is sRGB by what it does to pixels, not by its bytes. The JDK's sRGB profile is
 * one of many: Photoshop's and most cameras' {@code sRGB IEC61966-2.1} (3,144 bytes), lcms's, Elle Stone's. They
 * differ in their bytes, description and white point tag, and in the rounding of their colorants, so
 * {@link ColorProfiles#isCS_sRGB} says no to all of them, and every photo carrying one went to ImageIO's slow path
 * (9 of the bench corpus's 55, ~165 ms each instead of ~55; bench/normalizer-throughput.sh) to be transformed from
 * sRGB to sRGB.
 *
 * <p>A matrix/TRC RGB profile (no lookup-table transform, which a colour engine would prefer over the matrix) whose
 * colorants are sRGB's to within {@value #COLORANT_TOLERANCE} in XYZ and whose tone curves are sRGB's to within
 * {@value #CURVE_TOLERANCE} of linear light is sRGB, as browsers and vips treat it: decoded without a transform, a
 * photo carrying one is within half a level, on average, of ImageIO's colour-managed decode ({@code NativeJpegTest}).
 */
final class SrgbProfile {

    /** The corpus's sRGB profiles differ from the JDK's by at most 0.00026; Adobe RGB's green by 0.16. */
    static final double COLORANT_TOLERANCE = 0.001;
    /** Their tone curves differ from the sRGB function by 0.00001 of linear light; a 2.2 gamma's by 0.02. */
    static final double CURVE_TOLERANCE = 0.0005;

    private static final ICC_ProfileRGB SRGB = (ICC_ProfileRGB) ICC_Profile.getInstance(ColorSpace.CS_sRGB);
    private static final int CURVE_SAMPLES = 256;
    /** Lookup-table transforms (ICC v2 and v4, and v4's floating-point ones): with one, the matrix is not used. */
    private static final int[] TABLE_TAGS = {
        ICC_Profile.icSigAToB0Tag,
        ICC_Profile.icSigAToB1Tag,
        ICC_Profile.icSigAToB2Tag,
        0x44324230,
        0x44324231,
        0x44324232
    };

    /**
     * Verdicts on the profiles seen last, by their bytes: photos carry a handful of standard profiles, and parsing
     * one and sampling its curves costs about a millisecond and a half. Bounded, so odd profiles cannot grow it.
     */
    private static final Map<Bytes, Boolean> SEEN = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes, Boolean> eldest) {
            return size() > 32;
        }
    });

    private SrgbProfile() {}

    /** {@link #is(ICC_Profile)} of a profile's bytes; false for bytes that are not a profile. */
    static boolean is(byte[] profile) {
        return SEEN.computeIfAbsent(new Bytes(profile), key -> {
            try {
                return is(ICC_Profile.getInstance(profile));
            } catch (IllegalArgumentException notAProfile) {
                return false;
            }
        });
    }

    /** Bytes compared by their content, as a map key. */
    private record Bytes(byte[] content, int hash) {
        Bytes(byte[] content) {
            this(content, Arrays.hashCode(content));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes that && hash == that.hash && Arrays.equals(content, that.content);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    static boolean is(ICC_Profile profile) {
        if (ColorProfiles.isCS_sRGB(profile)) {
            return true;
        }
        if (!(profile instanceof ICC_ProfileRGB rgb) || profile.getPCSType() != ColorSpace.TYPE_XYZ) {
            return false;
        }
        for (int tag : TABLE_TAGS) {
            if (profile.getData(tag) != null) {
                return false;
            }
        }
        float[][] colorants = rgb.getMatrix();
        float[][] srgb = SRGB.getMatrix();
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 3; column++) {
                if (Math.abs(colorants[row][column] - srgb[row][column]) > COLORANT_TOLERANCE) {
                    return false;
                }
            }
        }
        try {
            for (int component = ICC_ProfileRGB.REDCOMPONENT; component <= ICC_ProfileRGB.BLUECOMPONENT; component++) {
                for (int i = 0; i <= CURVE_SAMPLES; i++) {
                    double x = (double) i / CURVE_SAMPLES;
                    if (Math.abs(linear(rgb, component, x) - srgbLinear(x)) > CURVE_TOLERANCE) {
                        return false;
                    }
                }
            }
        } catch (ProfileDataException notACurve) {
            return false; // a parametric curve (ICC v4 'para'): the JDK does not read it, so neither do we
        }
        return true;
    }

    /** The profile's tone curve at {@code x}: a gamma, or a table of 16-bit values interpolated linearly. */
    private static double linear(ICC_ProfileRGB profile, int component, double x) {
        short[] table;
        try {
            return Math.pow(x, profile.getGamma(component));
        } catch (ProfileDataException aTable) {
            table = profile.getTRC(component);
        }
        double position = x * (table.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, table.length - 1);
        double fraction = position - below;
        return ((table[below] & 0xFFFF) * (1 - fraction) + (table[above] & 0xFFFF) * fraction) / 0xFFFF;
    }

    /** IEC 61966-2-1's transfer function. */
    private static double srgbLinear(double x) {
        return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    }
}
