package io.imagelake.normalizer.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SrgbProfileTest {

    @Test
    void theJdksSrgbProfileIsSrgb() {
        assertThat(SrgbProfile.is(ICC_Profile.getInstance(ColorSpace.CS_sRGB))).isTrue();
    }

    @Test
    void anSrgbProfileOfOtherBytesIsSrgb() {
        // as Photoshop's sRGB IEC61966-2.1: its tone curves 1,024-entry tables, its colorants rounded otherwise
        ICC_Profile photoshopLike = srgbVariant(0.0002f, srgbTable(1024));

        assertThat(ColorProfiles.isCS_sRGB(photoshopLike))
                .as("not the JDK's bytes")
                .isFalse();
        assertThat(SrgbProfile.is(photoshopLike)).isTrue();
    }

    @Test
    void otherColorantsAreNotSrgb() {
        assertThat(SrgbProfile.is(srgbVariant(0.01f, srgbTable(1024)))).isFalse();
    }

    @Test
    void anotherToneCurveIsNotSrgb() {
        assertThat(SrgbProfile.is(srgbVariant(0, gamma(2.2)))).isFalse();
        assertThat(SrgbProfile.is(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB)))
                .isFalse();
    }

    @Test
    void aProfileWhoseLookupTableWouldBeUsedInsteadOfItsMatrixIsNotSrgb() {
        byte[] bytes = srgbVariant(0, srgbTable(1024)).getData();
        // its device model description tag renamed AToB0 in the tag table (after the 128-byte header and the tag
        // count): a lookup
        // table a colour engine would use (its content does not matter to the check)
        ByteBuffer table = ByteBuffer.wrap(bytes);
        for (int entry = 132; entry < 132 + 12 * table.getInt(128); entry += 12) {
            if (table.getInt(entry) == ICC_Profile.icSigDeviceModelDescTag) {
                table.putInt(entry, ICC_Profile.icSigAToB0Tag);
            }
        }
        ICC_Profile withTable = ICC_Profile.getInstance(bytes);

        assertThat(withTable.getData(ICC_Profile.icSigAToB0Tag)).isNotNull();
        assertThat(SrgbProfile.is(withTable)).isFalse();
    }

    /** The JDK's sRGB with its red colorant's X moved by {@code redShift} and {@code curve} as each tone curve. */
    static ICC_Profile srgbVariant(float redShift, byte[] curve) {
        ICC_Profile profile = ICC_Profile.getInstance(
                ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        byte[] red = profile.getData(ICC_Profile.icSigRedColorantTag);
        ByteBuffer xyz = ByteBuffer.wrap(red);
        xyz.putInt(8, xyz.getInt(8) + Math.round(redShift * 65536)); // s15Fixed16 X after 'XYZ ' and 4 reserved
        profile.setData(ICC_Profile.icSigRedColorantTag, red);
        for (int tag :
                new int[] {ICC_Profile.icSigRedTRCTag, ICC_Profile.icSigGreenTRCTag, ICC_Profile.icSigBlueTRCTag}) {
            profile.setData(tag, curve);
        }
        return profile;
    }

    /** A 'curv' tag sampling IEC 61966-2-1's transfer function in {@code entries} 16-bit steps. */
    static byte[] srgbTable(int entries) {
        ByteBuffer curve = curveHeader(entries);
        for (int i = 0; i < entries; i++) {
            double x = (double) i / (entries - 1);
            double linear = x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
            curve.putShort((short) Math.round(linear * 0xFFFF));
        }
        return curve.array();
    }

    /** A 'curv' tag of one entry: a pure gamma, in u8Fixed8. */
    static byte[] gamma(double gamma) {
        ByteBuffer curve = curveHeader(1);
        curve.putShort((short) Math.round(gamma * 256));
        return curve.array();
    }

    private static ByteBuffer curveHeader(int entries) {
        ByteBuffer curve = ByteBuffer.allocate(12 + 2 * entries);
        curve.put("curv".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(entries);
        return curve;
    }
}
