import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The Maven build sets EMOQWEN_WEB_OUT to target/classes/META-INF/resources so Spring Boot serves the console.
const outDir = process.env.EMOQWEN_WEB_OUT || 'dist';
const gateway = process.env.EMOQWEN_GATEWAY || 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 400 },
  server: { proxy: { '/api': gateway, '/v3': gateway } },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
} as any);
