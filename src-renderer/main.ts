// Entry: wires Pinia, the styles and the root component; everything else lives in services/ and views/.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { z } from 'zod';
import App from './App.vue';
import './styles.css';

// The CSP forbids eval; tell zod up front instead of letting it probe with new Function on every parse.
z.config({ jitless: true });

createApp(App).use(createPinia()).mount('#app');
