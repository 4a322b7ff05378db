import { defineConfig } from 'vite';

// Built by Maven (labeling-service, generate-resources: npm ci, npm run build) into
// labeling-service/target/label-app/dist and served by the labeling service at /label/.
export default defineConfig({
  base: '/label/',
  build: {
    outDir: process.env.LABEL_APP_OUT || 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    include: ['dicom-parser'],
  },
});
