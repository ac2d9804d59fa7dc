"""The family's computations on TensorFlow, on every kernel TensorFlow has: one module per
kind of operation (``conv``, ``conv_transpose``, ``depthwise`` (and separable),
``conv_lstm``, ``upsampling``), shared helpers in ``_common``.

TensorFlow's CPU kernels refuse some settings R keras 2.15 offers (channels_first,
dilated transposed convolutions, unequal depthwise strides), except oneDNN in float32;
Keras 3 adds a channels_first bias on the wrong axis in some shapes (family.md §2.2 row
9). Each module uses TensorFlow's own op where it computes here, and elsewhere an exact
equivalent made of ops every kernel takes (layout transposes, a polyphase split, stride
1 then a slice); every bias is added on the channel axis with ``tf.nn.bias_add``.
Engine-independent: the Keras 3 and Keras 2 layers reach these through ``calls.py``.
"""
