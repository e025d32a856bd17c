// ECharts' own entry typings re-export without file extensions, which TypeScript's NodeNext
// resolution rejects; these point the modular entry points at the typings that do resolve.
declare module 'echarts/core' {
  export * from 'echarts/types/dist/core';
}
declare module 'echarts/charts' {
  export * from 'echarts/types/dist/charts';
}
declare module 'echarts/components' {
  export * from 'echarts/types/dist/components';
}
declare module 'echarts/renderers' {
  export * from 'echarts/types/dist/renderers';
}
