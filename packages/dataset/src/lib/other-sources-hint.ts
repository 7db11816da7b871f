/** The sources that exist today, named in the errors of a source that does not answer. */
export const OTHER_SOURCES_HINT =
  '--source hf:<owner>/<dataset> (a Hugging Face dataset of images and prompts in parquet files), ' +
  'folder:<dir> (images with .txt captions or a metadata.csv) or csv:<file> (image URLs and prompts)';
