"""Camera frames, face landmarks and the liveness check: the only package that imports OpenCV
and MediaPipe. Nothing here imports Qt.

The native libraries underneath print their own diagnostics to stderr (FFmpeg's "moov atom
not found", MediaPipe's start-up notes); the kiosk reports problems itself, in plain words, so
those are turned down before the libraries load.
"""

import os

os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # FFmpeg: quiet
os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")
os.environ.setdefault("GLOG_minloglevel", "2")  # MediaPipe (glog): errors only
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
