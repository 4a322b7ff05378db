"""Write COUNT copies of SOURCE with new Study/Series/SOP Instance UIDs into OUT_DIR (test data)."""
import sys

import pydicom
from pydicom.uid import generate_uid

source, out_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
ds = pydicom.dcmread(source)
study, series = generate_uid(), generate_uid()
for i in range(count):
    ds.StudyInstanceUID = study
    ds.SeriesInstanceUID = series
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.InstanceNumber = i + 1
    ds.save_as(f"{out_dir}/inst{i:04d}.dcm", write_like_original=True)
