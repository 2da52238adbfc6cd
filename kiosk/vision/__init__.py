"""Camera frames, face landmarks and the liveness check: the only package that imports OpenCV
and MediaPipe. Nothing here imports Qt."""
