package io.radflow.labeling.tools;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Bad input to the tools: a {@link ToolException} whose message names the problem. */
class ToolInputTest {
    private static final HuFrame FRAME = new HuFrame(new float[20 * 30], 20, 30);
    private static final Rect OK = new Rect(2, 3, 10, 8);

    private static void fails(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(ToolException.class).hasMessage(message);
    }

    @Test
    void rectangles() {
        fails(
                () -> new Rect(1, 2, 0, 5).validate(20, 30),
                "rectangle (x=1, y=2, width=0, height=5) is empty (width and height must be at least 1)");
        fails(
                () -> new Rect(1, 2, 5, -1).validate(20, 30),
                "rectangle (x=1, y=2, width=5, height=-1) is empty (width and height must be at least 1)");
        fails(
                () -> new Rect(25, 2, 6, 5).validate(20, 30),
                "rectangle (x=25, y=2, width=6, height=5) is not inside the image of 30 columns x 20 rows");
        fails(
                () -> new Rect(-1, 0, 6, 5).validate(20, 30),
                "rectangle (x=-1, y=0, width=6, height=5) is not inside the image of 30 columns x 20 rows");
        fails(
                () -> new Rect(0, 10, 6, 11).validate(20, 30),
                "rectangle (x=0, y=10, width=6, height=11) is not inside the image of 30 columns x 20 rows");
        fails(
                () -> new Rect(Integer.MAX_VALUE, 0, 6, 5).validate(20, 30),
                "rectangle (x=2147483647, y=0, width=6, height=5) is not inside the image of 30 columns x 20 rows");
        new Rect(0, 0, 30, 20).validate(20, 30);
    }

    @Test
    void threshold() {
        fails(() -> HuThreshold.apply(FRAME, 10, 5, null), "threshold range low (10.0) must not be above high (5.0)");
        fails(
                () -> HuThreshold.apply(FRAME, Double.NaN, 5, null),
                "threshold range must be finite numbers, is NaN .. 5.0");
        fails(
                () -> HuThreshold.apply(FRAME, 0, 5, new Rect(0, 0, 31, 20)),
                "rectangle (x=0, y=0, width=31, height=20) is not inside the image of 30 columns x 20 rows");
        fails(() -> HuThreshold.apply(null, 0, 5, null), "no frame");
    }

    @Test
    void backProjectionParameters() {
        fails(() -> new BackProjection.Params(null, 0, 1, 32, 0.5, 0, 0, null), "no sample rectangle");
        fails(
                () -> new BackProjection.Params(OK, 150, -29, 32, 0.5, 0, 0, null),
                "window low (150.0) must be below high (-29.0)");
        fails(
                () -> new BackProjection.Params(OK, 5, 5, 32, 0.5, 0, 0, null),
                "window low (5.0) must be below high (5.0)");
        fails(
                () -> new BackProjection.Params(OK, Double.NEGATIVE_INFINITY, 5, 32, 0.5, 0, 0, null),
                "window must be finite numbers, is -Infinity .. 5.0");
        fails(() -> new BackProjection.Params(OK, 0, 1, 1, 0.5, 0, 0, null), "bins must be 2 … 256, is 1");
        fails(() -> new BackProjection.Params(OK, 0, 1, 257, 0.5, 0, 0, null), "bins must be 2 … 256, is 257");
        fails(
                () -> new BackProjection.Params(OK, 0, 1, 32, 1.5, 0, 0, null),
                "threshold must be 0 … 1 (a fraction of the largest likelihood), is 1.5");
        fails(
                () -> new BackProjection.Params(OK, 0, 1, 32, Double.NaN, 0, 0, null),
                "threshold must be 0 … 1 (a fraction of the largest likelihood), is NaN");
        fails(
                () -> new BackProjection.Params(OK, 0, 1, 32, 0.5, 4, 0, null),
                "smoothing must be 0 (none) or an odd kernel size 3 … 31, is 4");
        fails(
                () -> new BackProjection.Params(OK, 0, 1, 32, 0.5, 1, 0, null),
                "smoothing must be 0 (none) or an odd kernel size 3 … 31, is 1");
        fails(
                () -> new BackProjection.Params(OK, 0, 1, 32, 0.5, 0, 33, null),
                "morphology must be 0 (none) or an odd kernel size 3 … 31, is 33");
        fails(
                () -> new BackProjection.Params(OK, 0, 1, 32, 0.5, 0, -3, null),
                "morphology must be 0 (none) or an odd kernel size 3 … 31, is -3");
    }

    @Test
    void backProjectionAgainstTheImage() {
        fails(
                () -> BackProjection.apply(FRAME, BackProjection.Params.of(new Rect(25, 0, 10, 5), 0, 1)),
                "rectangle (x=25, y=0, width=10, height=5) is not inside the image of 30 columns x 20 rows");
        fails(
                () -> BackProjection.apply(
                        FRAME, BackProjection.Params.of(OK, 0, 1).within(new Rect(0, 0, 5, 21))),
                "rectangle (x=0, y=0, width=5, height=21) is not inside the image of 30 columns x 20 rows");
        fails(
                () -> BackProjection.apply(FRAME, BackProjection.Params.of(OK, 10, 20)),
                "no pixel of the sample rectangle (x=2, y=3, width=10, height=8) lies inside the window 10.0 .. 20.0");
        fails(() -> BackProjection.apply(FRAME, null), "no parameters");
    }

    @Test
    void grabCutParameters() {
        fails(() -> new GrabCutTool.Params(null, 0, 1, null, null, 5), "no rectangle");
        fails(() -> new GrabCutTool.Params(OK, 1, 0, null, null, 5), "window low (1.0) must be below high (0.0)");
        fails(() -> new GrabCutTool.Params(OK, 0, 1, null, null, 0), "iterations must be 1 … 20, is 0");
        fails(() -> new GrabCutTool.Params(OK, 0, 1, null, null, 21), "iterations must be 1 … 20, is 21");
    }

    @Test
    void grabCutAgainstTheImage() {
        fails(
                () -> GrabCutTool.apply(FRAME, GrabCutTool.Params.of(new Rect(0, 15, 10, 6), 0, 1)),
                "rectangle (x=0, y=15, width=10, height=6) is not inside the image of 30 columns x 20 rows");
        fails(
                () -> GrabCutTool.apply(FRAME, GrabCutTool.Params.of(OK, 0, 1).withScribbles(new byte[599], null)),
                "foreground scribble mask has 599 values, the image 20 rows x 30 columns = 600 pixels");
        fails(
                () -> GrabCutTool.apply(FRAME, GrabCutTool.Params.of(OK, 0, 1).withScribbles(null, new byte[601])),
                "background scribble mask has 601 values, the image 20 rows x 30 columns = 600 pixels");
        byte[] fg = new byte[600];
        byte[] bg = new byte[600];
        fg[100] = 1;
        bg[100] = 1;
        fg[101] = 1;
        bg[101] = 1;
        fails(
                () -> GrabCutTool.apply(FRAME, GrabCutTool.Params.of(OK, 0, 1).withScribbles(fg, bg)),
                "2 pixels are scribbled both foreground and background");
        fails(
                () -> GrabCutTool.apply(FRAME, GrabCutTool.Params.of(new Rect(5, 5, 2, 2), 0, 1)),
                "GrabCut needs at least 5 pixels of possible foreground; the rectangle (x=5, y=5, width=2, height=2)"
                        + " has 4 (after background scribbles)");
        fails(
                () -> GrabCutTool.apply(FRAME, GrabCutTool.Params.of(new Rect(0, 0, 30, 20), 0, 1)),
                "GrabCut needs at least 5 background pixels; the rectangle (x=0, y=0, width=30, height=20) leaves 0"
                        + " in the image of 30 columns x 20 rows (draw it smaller or scribble background inside it)");
        fails(() -> GrabCutTool.apply(FRAME, null), "no parameters");
    }
}
