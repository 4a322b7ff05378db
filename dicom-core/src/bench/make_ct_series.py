"""Write a synthetic axial CT series (Explicit VR Little Endian, 512x512, 16-bit) for benchmarks.

Usage: make_ct_series.py OUT_DIR [SLICES]   (run with Debian's /usr/bin/python3: pydicom + numpy)
Each slice is a water cylinder with a bone ring in air, plus deterministic noise, so that files
have realistic size (about 513 KiB) and content; UIDs are fresh each run.
"""
import os
import sys

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

out, slices = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 300
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(300)
y, x = np.mgrid[0:512, 0:512]
r = np.hypot(x - 256, y - 256)
base = np.where(r < 200, 1024, 24).astype(np.int16)  # water 0 HU, air -1000 HU (intercept -1024)
base[(r > 170) & (r < 185)] = 1824  # bone ring +800 HU
study, series, frame = generate_uid(), generate_uid(), generate_uid()
for i in range(slices):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CTImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
    ds.Modality, ds.PatientName, ds.PatientID = "CT", "Bench^Synthetic", "BENCH300"
    ds.StudyDate, ds.StudyTime, ds.AccessionNumber, ds.SeriesNumber = "20260101", "120000", "BENCH", 1
    ds.InstanceNumber = i + 1
    ds.ImagePositionPatient = [-250.0, -250.0, -i * 1.0]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing, ds.SliceThickness = [0.9765625, 0.9765625], 1.0
    ds.Rows = ds.Columns = 512
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.RescaleIntercept, ds.RescaleSlope = -1024, 1
    pixels = base + rng.integers(0, 20, size=(512, 512), dtype=np.int16)
    ds.PixelData = pixels.astype(np.uint16).tobytes()
    ds.save_as(os.path.join(out, f"ct{i + 1:04d}.dcm"), write_like_original=False)
