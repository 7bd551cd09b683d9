<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <location filename="../map/main.cpp" line="83" />
        <source>Plot review</source>
        <translation>地块审查</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="90" />
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="91" />
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="92" />
        <source>Plots under review</source>
        <translation>开发地块</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="93" />
        <source>Facilities</source>
        <translation>社区设施</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="94" />
        <source>Parking</source>
        <translation>停车场</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="95" />
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../map/map_layer.cpp" line="96" />
        <source>Candidate sites</source>
        <translation>候选场地</translation>
    </message>
    <message>
        <location filename="../map/map_layout.cpp" line="83" />
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../map/map_layout.cpp" line="132" />
        <source>cannot encode the PNG</source>
        <translation>无法编码 PNG</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="75" />
        <source>compliant</source>
        <translation>合规</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="76" />
        <source>short</source>
        <translation>不足</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="77" />
        <source>not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="78" />
        <source>unchecked</source>
        <translation>无法审查</translation>
    </message>
</context>
<context>
    <name>cp::MainWindow</name>
    <message>
        <location filename="../map/main_window.cpp" line="93" />
        <source>Community Planner</source>
        <translation>社区规划</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="99" />
        <location filename="../map/main_window.cpp" line="101" />
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="110" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="110" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="111" />
        <source>Identify</source>
        <translation>要素信息</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="123" />
        <source>Plot</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="123" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="123" />
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="123" />
        <location filename="../map/main_window.cpp" line="798" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="124" />
        <source>Required m²</source>
        <translation>应配</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="124" />
        <source>Reserved m²</source>
        <translation>预留</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="124" />
        <source>Short m²</source>
        <translation>缺口</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="132" />
        <source>Plot review</source>
        <translation>地块审查</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="159" />
        <location filename="../map/main_window.cpp" line="170" />
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="169" />
        <source>Style…</source>
        <translation>样式…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="214" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="215" />
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="216" />
        <source>Export map (PNG, PDF)…</source>
        <translation>导出地图（PNG、PDF）…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="217" />
        <source>Save project (edits and styles)</source>
        <translation>保存项目（编辑与样式）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="219" />
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="222" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="224" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="225" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="227" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="231" />
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="234" />
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="235" />
        <source>Draw plot</source>
        <translation>绘制地块</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="241" />
        <source>Click the corners of a new development plot; double-click to finish, Esc to drop it</source>
        <translation>依次点击新地块的角点，双击结束，按 Esc 放弃</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="247" />
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="248" />
        <source>Facility coverage…</source>
        <translation>设施覆盖…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="249" />
        <source>Site new facilities…</source>
        <translation>设施选址…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="251" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="252" />
        <source>Zoom to full extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="256" />
        <location filename="../map/main_window.cpp" line="262" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="259" />
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="262" />
        <source>The new language applies when Community Planner starts again.</source>
        <translation>新的语言将在重新启动社区规划后生效。</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="291" />
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="291" />
        <source>Community Planner project (*.toml)</source>
        <translation>社区规划项目 (*.toml)</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="297" />
        <source>Reading the project…</source>
        <translation>正在读取项目…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="297" />
        <location filename="../map/main_window.cpp" line="813" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="345" />
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="355" />
        <source>Community Planner — %1</source>
        <translation>社区规划 — %1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="454" />
        <source>Style: %1</source>
        <translation>样式：%1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="475" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="476" />
        <source>(one colour)</source>
        <translation>（单一颜色）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="483" />
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="484" />
        <source>Stroke</source>
        <translation>边线</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="485" />
        <source>Stroke width (px)</source>
        <translation>边线宽度（像素）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="486" />
        <source>Label</source>
        <translation>标注</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="487" />
        <source>Colour by</source>
        <translation>按字段着色</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="513" />
        <source>Open a project first</source>
        <translation>请先打开项目</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="514" />
        <source>A vector file is drawn over a project, in its coordinate system: open a project first.</source>
        <translation>矢量文件叠加在项目之上，使用项目的坐标系：请先打开一个项目。</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="523" />
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="751" />
        <source>Edit %1 of %2</source>
        <translation>修改 %2 的 %1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="778" />
        <source>Draw plot %1</source>
        <translation>绘制地块 %1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="786" />
        <source>New plot</source>
        <translation>新地块</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="799" />
        <source>Gross floor area m²</source>
        <translation>建筑面积</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="800" />
        <source>Reserved office m²</source>
        <translation>社区用房</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="835" />
        <source>Analysis failed</source>
        <translation>分析失败</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="875" />
        <source>Computing coverage of %1…</source>
        <translation>正在计算 %1 覆盖…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="906" />
        <source>Service areas: %1 (%2 m)</source>
        <translation>服务范围：%1（%2 米）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="912" />
        <source>Uncovered: %1 (%L2 of %L3 households)</source>
        <translation>未覆盖建筑：%1（%L3 户中 %L2 户）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="925" />
        <source>Choosing sites…</source>
        <translation>正在选址…</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="950" />
        <source>New sites: %1 (+%L2 households; %3)</source>
        <translation>新选址：%1（新增 %L2 户；%3）</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="961" />
        <source>Site new facilities</source>
        <translation>设施选址</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="961" />
        <source>Facility coverage</source>
        <translation>设施覆盖</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="965" />
        <source>Kind</source>
        <translation>设施类型</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="970" />
        <source>Sites to add</source>
        <translation>新增数量</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="988" />
        <source>CRS: EPSG:%1 · %2 · Community Planner</source>
        <translation>坐标系：EPSG:%1 · %2 · 社区规划</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="995" />
        <source>Plot: %1</source>
        <translation>地块：%1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1006" />
        <location filename="../map/main_window.cpp" line="1009" />
        <source>Export map</source>
        <translation>导出地图</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1011" />
        <source>Plot review — %1</source>
        <translation>地块审查 — %1</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1022" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1023" />
        <source>Width mm</source>
        <translation>宽</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1024" />
        <source>Height mm</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1025" />
        <source>DPI</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location filename="../map/main_window.cpp" line="1035" />
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
</TS>