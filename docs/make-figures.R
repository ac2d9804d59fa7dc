# Makes docs/upsampling.png (shown in README.md) with the vignette's code.
library(rbridge)
t_in <- seq(0, 2 * pi, length.out = 24)
signal <- array(sin(t_in), dim = c(1, 24, 1))
up <- layer_conv_1d_transpose(signal, filters = 1, kernel_size = 3, strides = 2, padding = "same",
                              use_bias = FALSE, weights = list(array(c(0.5, 1, 0.5), dim = c(3, 1, 1))))
dt <- t_in[2] - t_in[1]
t_out <- (seq_len(dim(up)[2]) - 2) * dt / 2
png("docs/upsampling.png", width = 720, height = 380, res = 96)
plot(t_out, up[1, , 1], type = "o", pch = 20, col = "steelblue", xlab = "time", ylab = "value",
     main = "rbridge from R, strides = 2: 24 samples in, 48 out")
points(t_in, signal[1, , 1], pch = 1, cex = 1.4, col = "firebrick")
legend("topright", c("input", "output"), pch = c(1, 20), col = c("firebrick", "steelblue"))
invisible(dev.off())
